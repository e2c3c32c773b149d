import { describe, expect, it } from "vitest";
import type {
  BanDecision,
  BreakerAlertDecision,
  UnbanDecision,
} from "../../../../detector/decide/decision";
import { bannedIps, engineRun, steady, traffic, T0 } from "../../../kit/detector/lines";

/** 200 ordinary clients at 1 req/s: harmless, but a bad threshold (0.55 req/s) calls them all attackers. */
const crowd = () =>
  Array.from({ length: 200 }, (_, i) =>
    steady(`198.51.${100 + (i >> 8)}.${i & 255}`, i % 7, 180, 1),
  );
const badThreshold = { rules: { minRequests: 5, zScore: { threshold: 0.1 } } } as const;

function breakerAlerts(run: ReturnType<typeof engineRun>): BreakerAlertDecision[] {
  return run.decisions.filter(
    (d): d is BreakerAlertDecision => d.type === "alert" && d.rule === "ban-breaker",
  );
}

describe("the false-positive storm breaker", () => {
  it("lets a bad threshold ban every ordinary client when it is off (the storm it prevents)", () => {
    const run = engineRun({ ...badThreshold, breaker: { enabled: false } });
    run.feed(traffic(...crowd()));
    expect(bannedIps(run.decisions)).toHaveLength(200);
  });

  it("trips instead: bans at most its share of the active clients, raises one alert with the evidence, and refuses the rest", () => {
    const run = engineRun(badThreshold);
    run.feed(traffic(...crowd()));
    const bans = bannedIps(run.decisions);
    const [alert, ...more] = breakerAlerts(run);
    expect(more).toEqual([]);
    expect(alert!.evidence).toMatchObject({
      reason: "share",
      bansInPeriod: 40,
      actorsInPeriod: 40,
      periodSeconds: 60,
      activeClients: 200,
      maxShare: 0.2,
      allowed: 40,
    });
    expect(bans).toHaveLength(40);
    expect(bans).not.toContain(alert!.evidence.candidate.ip);
    expect(alert!.evidence.candidate.rule).toBe("zscore");
    expect(run.engine.breaker.tripped?.reason).toBe("share");
    expect(run.engine.breaker.held).toBeGreaterThan(100);
    // After the trip it throttles, yet none of the crowd is banned: none is 10× a normal client.
    const last = run.decisions.filter((d) => d.type === "ban").at(-1) as BanDecision;
    expect(Date.parse(last.at)).toBeLessThan(Date.parse(alert!.at) + 1);
  });

  it("still bans a real flood during the storm (the worst offender) while the crowd stays unbanned", () => {
    const run = engineRun(badThreshold);
    run.feed(traffic(...crowd(), steady("203.0.113.99", 120, 30, 40)));
    // failed before: the breaker held the flood like the crowd: 40 bans, none of them the flood
    const bans = bannedIps(run.decisions);
    expect(bans).toContain("203.0.113.99");
    expect(bans).toHaveLength(41);
    expect(breakerAlerts(run)).toHaveLength(1);
  });

  it("applies the hard cap per minute when the share would allow more", () => {
    const run = engineRun({ ...badThreshold, breaker: { maxShare: 1, maxPerMinute: 25 } });
    run.feed(traffic(...crowd()));
    expect(bannedIps(run.decisions)).toHaveLength(25);
    expect(breakerAlerts(run)[0]!.evidence).toMatchObject({
      reason: "per-minute",
      bansLastMinute: 25,
      maxPerMinute: 25,
    });
  });

  it("bans at full budget again once an operator resets it", () => {
    const run = engineRun(badThreshold);
    run.feed(traffic(...crowd().map((h) => h.filter((x) => x.ms < T0 + 60_000))));
    expect(bannedIps(run.decisions)).toHaveLength(40);
    expect(run.engine.resetBreaker()?.reason).toBe("share");
    expect(run.engine.breaker.tripped).toBeUndefined();
    run.feed(
      traffic(...crowd().map((h) => h.filter((x) => x.ms >= T0 + 60_000 && x.ms < T0 + 62_000))),
    );
    expect(bannedIps(run.decisions).length).toBeGreaterThan(40);
  });
});

describe("escalation that decays (synthetic log clock)", () => {
  const flood = (ip: string, atSecond: number) => steady(ip, atSecond, 10, 30);
  const decaying = { bans: { stepsMinutes: [1, 2, 4], decayAfterHours: 0.05 } }; // 3 min

  it("brings a client that stayed quiet for the decay period back down a step, and escalates one that did not", () => {
    const run = engineRun(decaying);
    const quiet = "203.0.113.10";
    const eager = "203.0.113.20";
    // Both banned at ~0:06 for 1 min; the eager one returns at 2:30 (quiet 1.5 min), the quiet one at 6:00 (quiet 5 min).
    run.feed(traffic(flood(quiet, 0), flood(eager, 0), flood(eager, 150), flood(quiet, 360)));
    const steps = (ip: string) =>
      run.decisions
        .filter((d): d is BanDecision => d.type === "ban" && d.ip === ip)
        .map((d) => [d.step, d.durationSeconds]);
    expect(steps(eager)).toEqual([
      [1, 60],
      [2, 120],
    ]);
    expect(steps(quiet)).toEqual([
      [1, 60],
      [1, 60],
    ]);
  });
});

describe("an operator lifting a ban", () => {
  it("emits an unban with the operator's rule, and the client is judged again when it comes back", () => {
    const run = engineRun();
    run.feed(traffic(steady("203.0.113.30", 0, 10, 30)));
    expect(bannedIps(run.decisions)).toEqual(["203.0.113.30"]);
    const lifted = run.engine.lift("203.0.113.30", T0 + 20_000, "operator-lift");
    expect(lifted).toMatchObject({
      type: "unban",
      ip: "203.0.113.30",
      rule: "operator-lift",
      at: "2026-04-27T00:00:20.000Z",
      step: 1,
    });
    expect(run.decisions.at(-1)).toEqual(lifted);
    expect(run.engine.lift("203.0.113.30", T0 + 21_000, "operator-lift")).toBeUndefined();
    run.feed(traffic(steady("203.0.113.30", 30, 10, 30)));
    const bans = run.decisions.filter((d): d is BanDecision => d.type === "ban");
    expect(bans.map((b) => b.step)).toEqual([1, 2]);
    expect(run.decisions.filter((d): d is UnbanDecision => d.type === "unban")).toHaveLength(1);
  });
});
