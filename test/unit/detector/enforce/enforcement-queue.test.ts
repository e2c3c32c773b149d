import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../../core/clock";
import type { EnforcementBatch, Enforcer } from "../../../../detector/enforce/enforcer";
import { EnforcementQueue } from "../../../../detector/enforce/enforcement-queue";

function recorder(): { enforcer: Enforcer; batches: EnforcementBatch[]; release: () => void } {
  const batches: EnforcementBatch[] = [];
  let release: () => void = () => undefined;
  const enforcer = {
    backend: "dry-run",
    apply(batch: EnforcementBatch) {
      batches.push(batch);
      return new Promise((resolve) => {
        release = () =>
          resolve({ added: batch.add.length, removed: batch.remove.length, failed: [] });
      });
    },
  } as unknown as Enforcer;
  return { enforcer, batches, release: () => release() };
}

describe("the enforcement queue", () => {
  it("keeps the last operation per key, sends one batch at a time and everything that came meanwhile in the next", async () => {
    const clock = new ManualClock(1_000_000);
    const r = recorder();
    const q = new EnforcementQueue(
      r.enforcer,
      clock,
      () => undefined,
      () => undefined,
    );
    q.add({ key: "203.0.113.1", family: 4, untilMs: 1_600_000, except: [] });
    q.remove({ key: "203.0.113.1", family: 4, except: [] });
    q.add({ key: "203.0.113.2", family: 4, untilMs: null, except: [] });
    q.flush();
    q.add({ key: "203.0.113.3", family: 4, untilMs: 1_060_000, except: [] });
    q.flush();
    expect(r.batches).toHaveLength(1);
    expect(r.batches[0]).toEqual({
      add: [{ key: "203.0.113.2", family: 4, timeoutSeconds: null, except: [] }],
      remove: [{ key: "203.0.113.1", family: 4, except: [] }],
    });
    clock.advance(10_000);
    r.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.batches[1]).toEqual({
      add: [{ key: "203.0.113.3", family: 4, timeoutSeconds: 50, except: [] }],
      remove: [],
    });
    r.release();
    await q.drain();
    expect(q.stats).toMatchObject({ batches: 2, added: 2, removed: 1, failed: 0 });
  });

  it("drops an addition whose ban is already over by the time the batch leaves", async () => {
    const clock = new ManualClock(1_000_000);
    const r = recorder();
    const q = new EnforcementQueue(
      r.enforcer,
      clock,
      () => undefined,
      () => undefined,
    );
    q.add({ key: "203.0.113.1", family: 4, untilMs: 999_000, except: [] });
    q.flush();
    await q.drain();
    expect(r.batches).toEqual([]);
  });

  it("reports a failed batch and counts its additions as failed, then carries on", async () => {
    const errors: string[] = [];
    const failing = {
      backend: "ipset",
      apply: () => Promise.reject(new Error("ipset not found")),
    } as unknown as Enforcer;
    const q = new EnforcementQueue(
      failing,
      new ManualClock(0),
      () => undefined,
      (e) => errors.push(e.message),
    );
    q.add({ key: "203.0.113.1", family: 4, untilMs: null, except: [] });
    await q.drain();
    expect(errors).toEqual(["ipset not found"]);
    expect(q.stats.failed).toBe(1);
  });
});
