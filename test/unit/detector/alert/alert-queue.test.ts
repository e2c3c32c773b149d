import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../../core/clock";
import { DetectorSettingsSchema } from "../../../../core/detector-settings";
import type { AlertItem } from "../../../../detector/alert/alert-item";
import { AlertQueue, type AlertOutcome } from "../../../../detector/alert/alert-queue";
import type { SendResult } from "../../../../detector/alert/webhook-sender";

const settings = (s: Record<string, unknown> = {}) =>
  DetectorSettingsSchema.parse({ alerts: s }).alerts;
const ban = (key: string): AlertItem => ({
  category: "ban",
  key,
  rule: "zscore",
  text: `ban ${key}`,
});
const ops = (text: string): AlertItem => ({ category: "operations", text });

/** A sender answering from a script; each call's payload is recorded. */
function scripted(answers: SendResult[]) {
  const sent: string[] = [];
  return {
    sent,
    sender: (payload: object) => {
      sent.push((payload as { text: string }).text);
      return Promise.resolve(answers.shift() ?? { ok: true, status: 200, retryable: false });
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

describe("the alert queue", () => {
  it("retries with exponential backoff (Retry-After wins) and gives up after the retries, counting it", async () => {
    const sleeps: number[] = [];
    const s = scripted([
      { ok: false, retryable: true, error: "timed out" },
      { ok: false, status: 429, retryable: true, retryAfterMs: 7000 },
      { ok: false, status: 503, retryable: true },
      { ok: true, status: 200, retryable: false },
      { ok: false, status: 500, retryable: true },
      { ok: false, status: 500, retryable: true },
      { ok: false, status: 500, retryable: true },
      { ok: false, status: 500, retryable: true },
    ]);
    const outcomes: AlertOutcome[] = [];
    const q = new AlertQueue(
      settings({ retries: 3, backoffMs: 100 }),
      s.sender,
      new ManualClock(0),
      (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      (o) => outcomes.push(o),
    );
    q.push(ops("one"));
    q.push(ops("two"));
    for (let i = 0; i < 30; i++) await flush();
    expect(sleeps).toEqual([100, 7000, 400, 100, 200, 400]);
    expect(outcomes.map((o) => [o.item.text, o.delivered, o.attempts, o.status ?? null])).toEqual([
      ["one", true, 4, 200],
      ["two", false, 4, 500],
    ]);
    expect(q.stats).toMatchObject({ sent: 1, failed: 1, retries: 6, dropped: 0 });
  });

  it("does not retry a refusal such as 404 (a wrong URL)", async () => {
    const s = scripted([{ ok: false, status: 404, retryable: false, error: "HTTP 404" }]);
    const q = new AlertQueue(settings(), s.sender, new ManualClock(0), () => Promise.resolve());
    q.push(ops("x"));
    await flush();
    expect(s.sent).toEqual(["x"]);
    expect(q.stats.failed).toBe(1);
  });

  it("folds bans beyond maxMessages per window into one digest, sent when the window ends", async () => {
    const clock = new ManualClock(0);
    const s = scripted([]);
    const q = new AlertQueue(
      settings({ coalesce: { windowSeconds: 10, maxMessages: 2 } }),
      s.sender,
      clock,
      () => Promise.resolve(),
    );
    for (let i = 1; i <= 6; i++) q.push(ban(`203.0.113.${i}`));
    await flush();
    expect(s.sent).toEqual(["ban 203.0.113.1", "ban 203.0.113.2"]);
    clock.advance(9000);
    q.tick();
    await flush();
    expect(s.sent).toHaveLength(2);
    clock.advance(1000);
    q.tick();
    await flush();
    expect(s.sent[2]).toBe(
      ":bar_chart: *4 bans and 0 unbans in 10 s* (folded into one message during a flood). Rules: zscore 4.\n" +
        "Banned: 203.0.113.3, 203.0.113.4, 203.0.113.5, 203.0.113.6\nThe dashboard, `swiftdeploy-detector explain` and the audit log have each one.",
    );
    expect(q.stats.coalesced).toBe(4);
  });

  it("never blocks the caller and, when full, drops the least important message and counts it", async () => {
    let release: () => void = () => undefined;
    const hanging = () =>
      new Promise<SendResult>(
        (resolve) => (release = () => resolve({ ok: true, retryable: false })),
      );
    const q = new AlertQueue(
      settings({ queueSize: 2, coalesce: { maxMessages: 100 } }),
      hanging,
      new ManualClock(0),
      () => Promise.resolve(),
    );
    q.push(ban("a")); // in flight
    q.push(ban("b"));
    q.push(ban("c"));
    q.push(ban("d")); // dropped: full of equally unimportant messages
    q.push(ops("selftest failed")); // evicts the oldest ban waiting
    expect(q.depth).toBe(2);
    expect(q.stats.dropped).toBe(2);
    release();
  });
});
