import { describe, expect, it } from "vitest";
import { planMerge } from "../../../../detector/shared-bans/merge-plan";
import type { SharedBan } from "../../../../detector/shared-bans/shared-ban-codec";

const NOW = Date.UTC(2026, 3, 27, 0, 0, 0);
const MIN = 60_000;

function ban(ip: string, untilMs: number | null): SharedBan {
  return {
    ip,
    family: 4,
    until: untilMs === null ? null : new Date(untilMs).toISOString(),
    rule: "zscore",
    node: "edge-1",
    at: new Date(NOW).toISOString(),
  };
}

function list(...bans: SharedBan[]): Map<string, SharedBan> {
  return new Map(bans.map((b) => [b.ip, b]));
}

describe("planMerge", () => {
  it("holds a listed ban this node lacks, until the listed end", () => {
    const plan = planMerge(new Map(), list(ban("203.0.113.9", NOW + 10 * MIN)), () => 0, NOW);
    expect(plan.hold).toEqual([
      { ban: ban("203.0.113.9", NOW + 10 * MIN), untilMs: NOW + 10 * MIN },
    ]);
    expect(plan.lift).toEqual([]);
  });

  it("holds a permanent ban as permanent", () => {
    const plan = planMerge(new Map(), list(ban("203.0.113.9", null)), () => 0, NOW);
    expect(plan.hold.map((h) => h.untilMs)).toEqual([Number.POSITIVE_INFINITY]);
  });

  it("skips a ban that is over, and one this node holds as long or longer", () => {
    const local = new Map([["203.0.113.2", NOW + 30 * MIN]]);
    const plan = planMerge(
      new Map(),
      list(
        ban("203.0.113.1", NOW),
        ban("203.0.113.2", NOW + 10 * MIN),
        ban("203.0.113.3", NOW + MIN),
      ),
      (k) => local.get(k) ?? 0,
      NOW,
    );
    expect(plan.hold.map((h) => h.ban.ip)).toEqual(["203.0.113.3"]);
  });

  it("extends a shorter local ban to the listed end", () => {
    const plan = planMerge(
      new Map(),
      list(ban("203.0.113.2", NOW + 30 * MIN)),
      () => NOW + 10 * MIN,
      NOW,
    );
    expect(plan.hold.map((h) => h.untilMs)).toEqual([NOW + 30 * MIN]);
  });

  it("lifts a key that left the list when this node holds the listed ban, not a longer one of its own", () => {
    const before = list(ban("203.0.113.1", NOW + 10 * MIN), ban("203.0.113.2", NOW + 10 * MIN));
    const local = new Map([
      ["203.0.113.1", NOW + 10 * MIN],
      ["203.0.113.2", NOW + 60 * MIN],
    ]);
    const plan = planMerge(before, new Map(), (k) => local.get(k) ?? 0, NOW);
    expect(plan.lift).toEqual(["203.0.113.1"]);
  });

  it("lifts nothing for a key that left the list after it ended here", () => {
    const before = list(ban("203.0.113.1", NOW - MIN));
    expect(planMerge(before, new Map(), () => 0, NOW).lift).toEqual([]);
  });
});
