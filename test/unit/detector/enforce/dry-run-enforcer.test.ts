import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../../core/clock";
import { DryRunEnforcer, type DryRunEvent } from "../../../../detector/enforce/dry-run-enforcer";

describe("the dry-run backend", () => {
  it("logs what it would do, keeps the bans in memory with their timeouts, and touches nothing", async () => {
    const clock = new ManualClock(0);
    const events: DryRunEvent[] = [];
    const dry = new DryRunEnforcer(clock, (e) => events.push(e), 100);
    await dry.apply({
      add: [
        { key: "203.0.113.9", family: 4, timeoutSeconds: 60, except: [] },
        { key: "2001:db8::/64", family: 6, timeoutSeconds: null, except: [] },
      ],
      remove: [],
    });
    clock.advance(30_000);
    expect(await dry.list()).toEqual([
      { key: "203.0.113.9", family: 4, timeoutSeconds: 30 },
      { key: "2001:db8::/64", family: 6, timeoutSeconds: null },
    ]);
    clock.advance(31_000);
    expect(await dry.fill()).toEqual([{ name: "dry-run", entries: 1, capacity: 100 }]);
    expect(events.map((e) => `${e.action} ${e.key ?? ""}`.trim())).toEqual([
      "ban 203.0.113.9",
      "ban 2001:db8::/64",
    ]);
  });
});
