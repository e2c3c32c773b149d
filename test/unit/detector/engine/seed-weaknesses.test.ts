import { describe, expect, it } from "vitest";
import type { AlertDecision, BanDecision } from "../../../../detector/decide/decision";
import {
  bannedIps,
  burst,
  engineRun,
  steady,
  traffic,
  type Hit,
} from "../../../kit/detector/lines";

/** The seed's rule: one client's rate against the WHOLE site's mean (z > 1.5 or > 1.5x mean). */
function seedWouldBan(clientRate: number, globalMean: number, globalStddev: number): boolean {
  const mean = Math.max(globalMean, 0.1);
  const stddev = Math.max(globalStddev, 0.1);
  return (clientRate - mean) / stddev > 1.5 || clientRate > 1.5 * mean;
}

describe("judging a client against what is normal for one client", () => {
  it("does not ban an ordinary page load on a quiet night (the seed would)", () => {
    const regulars = ["198.51.100.1", "198.51.100.2", "198.51.100.3"].map((ip, i) =>
      steady(ip, i, 1800, 0.05),
    );
    const visitor: Hit[] = [...burst("203.0.113.50", 1700, 90), ...burst("203.0.113.50", 1720, 60)];
    const run = engineRun();
    run.feed(traffic(...regulars, visitor));
    expect(bannedIps(run.decisions)).toEqual([]);
    const global = run.engine.baseline.global.stats(0);
    expect(seedWouldBan(150 / 60, global.mean, global.stddev)).toBe(true);
  });

  it("bans a moderate attacker hiding on a busy day (the seed would not)", () => {
    const crowd = Array.from({ length: 200 }, (_, i) =>
      steady(`198.51.${100 + (i >> 8)}.${i & 255}`, i % 7, 700, 1),
    );
    const attacker = steady("203.0.113.66", 500, 120, 20);
    const run = engineRun();
    run.feed(traffic(...crowd, attacker));
    expect(bannedIps(run.decisions)).toEqual(["203.0.113.66"]);
    const global = run.engine.baseline.global.stats(0);
    expect(global.mean).toBeGreaterThan(190);
    expect(seedWouldBan(20, global.mean, global.stddev)).toBe(false);
  });

  it("lets a steady heavy API client pass once what one client does is learned", () => {
    const pollers = Array.from({ length: 30 }, (_, i) => steady(`198.51.100.${i}`, 0, 900, 4));
    const run = engineRun();
    run.feed(traffic(...pollers));
    expect(bannedIps(run.decisions)).toEqual([]);
    expect(run.engine.baseline.client.stats(0).mean).toBeGreaterThan(3);
  });

  it("reports a distributed flood as one global surge and bans none of its many moderate clients", () => {
    const normal = Array.from({ length: 100 }, (_, i) =>
      steady(`198.51.100.${i}`, i % 5, 1500, 0.2),
    );
    const botnet = Array.from({ length: 1000 }, (_, i) =>
      steady(`10.9.${i >> 8}.${i & 255}`, 900 + (i % 10), 240, 0.5),
    );
    const run = engineRun();
    run.feed(traffic(...normal, ...botnet));
    expect(bannedIps(run.decisions)).toEqual([]);
    const alerts = run.decisions.filter((d): d is AlertDecision => d.type === "alert");
    expect(alerts.map((a) => a.rule)).toEqual(["global-surge", "global-surge-end"]);
    const start = alerts[0]!;
    expect(start.evidence.rate).toBeGreaterThan(start.evidence.limitRps);
    expect(start.evidence.activeClients).toBeGreaterThan(500);
    expect(start.evidence.baseline.mean).toBeCloseTo(20, 0);
    expect(start.evidence.topClients).toHaveLength(5);
    expect(start.at >= "2026-04-27T00:15:00.000Z").toBe(true);
  });
});

describe("a flood from one address", () => {
  it("is banned within two seconds with the evidence: rule, rate, count, baseline, thresholds, samples", () => {
    const crowd = Array.from({ length: 20 }, (_, i) => steady(`198.51.100.${i}`, i, 600, 0.3));
    const run = engineRun();
    run.feed(traffic(...crowd, steady("203.0.113.9", 400, 60, 200)));
    const bans = run.decisions.filter((d): d is BanDecision => d.type === "ban");
    expect(bans).toHaveLength(1);
    const ban = bans[0]!;
    expect(ban).toMatchObject({
      ip: "203.0.113.9",
      family: 4,
      prefix: 32,
      rule: "zscore",
      at: "2026-04-27T00:06:40.000Z",
      step: 1,
      durationSeconds: 600,
      until: "2026-04-27T00:16:40.000Z",
      except: [],
    });
    expect(ban.evidence).toMatchObject({
      requests: 181,
      errors: 0,
      windowSeconds: 60,
      rate: 3.017,
      zScore: 5.033,
      fired: ["zscore"],
      baseline: { mean: 0.5, stddev: 0.5, floored: true, slot: "rolling" },
      thresholds: { minRequests: 50, zScore: 5, multiplier: 10, limitRps: 3, tightened: false },
    });
    expect(ban.evidence.baseline.learnedMean).toBeGreaterThan(0);
    expect(ban.evidence.samples.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(ban.evidence.samples.at(-1)!)).toMatchObject({ source_ip: "203.0.113.9" });
  });

  it("is unbanned when the ban is due and escalates when it comes back", () => {
    const run = engineRun();
    run.feed(
      traffic(
        steady("203.0.113.9", 0, 60, 50),
        steady("198.51.100.1", 0, 2400, 0.1),
        steady("203.0.113.9", 1300, 30, 50),
      ),
    );
    const mine = run.decisions.filter((d) => "ip" in d && d.ip === "203.0.113.9");
    expect(mine.map((d) => [d.type, d.at, "step" in d ? d.step : 0])).toEqual([
      ["ban", "2026-04-27T00:00:03.000Z", 1],
      ["unban", "2026-04-27T00:10:03.000Z", 1],
      ["ban", "2026-04-27T00:21:43.000Z", 2],
    ]);
    expect((mine[2] as BanDecision).durationSeconds).toBe(1800);
  });

  it("with a high share of 4xx is banned at a lower rate under the error-share rule", () => {
    const crowd = Array.from({ length: 20 }, (_, i) => steady(`198.51.100.${i}`, i, 600, 0.3));
    const run = engineRun();
    run.feed(
      traffic(
        ...crowd,
        steady("203.0.113.80", 300, 120, 2, 404),
        steady("203.0.113.81", 300, 120, 2, 200),
      ),
    );
    const bans = run.decisions.filter((d): d is BanDecision => d.type === "ban");
    expect(bans.map((b) => [b.ip, b.rule])).toEqual([["203.0.113.80", "error-share"]]);
    expect(bans[0]!.evidence).toMatchObject({
      errorShare: 1,
      thresholds: {
        tightened: true,
        errorMinShare: 0.5,
        errorFactor: 0.5,
        limitRps: 3,
        tightLimitRps: 1.75,
      },
    });
  });
});
