import { describe, expect, it } from "vitest";
import type { AlertDecision, BanDecision } from "../../../../detector/decide/decision";
import { bannedIps, engineRun, steady, traffic } from "../../../kit/detector/lines";

// 100 regular clients at 0.2 req/s make the site's baseline (~20 req/s); the per-client limit is
// then the floors' 0.5 + 5 x 0.5 = 3 req/s. Twenty bots at 2.5 req/s each stay under it, but
// together lift the site to ~70 req/s, over its surge limit (3 x 20 = 60 req/s).
const regulars = Array.from({ length: 100 }, (_, i) => steady(`198.51.100.${i}`, i % 5, 1500, 0.2));
const bots = Array.from({ length: 20 }, (_, i) => steady(`203.0.113.${i}`, 900, 240, 2.5));
// After the surge: one client at the bots' rate, judged by the normal limits again.
const lateComer = steady("192.0.2.50", 1300, 180, 2.5);
const lines = traffic(...regulars, ...bots, lateComer);
const botIps = Array.from({ length: 20 }, (_, i) => `203.0.113.${i}`);

describe("a global surge tightens the per-client limits while it lasts", () => {
  it("bans the distributed flood's clients, each under the normal limit, and no regular client", () => {
    const run = engineRun();
    run.feed(lines);
    expect(bannedIps(run.decisions).sort()).toEqual([...botIps].sort());
    const ban = run.decisions.find((d): d is BanDecision => d.type === "ban")!;
    expect(ban.evidence.thresholds.surgeFactor).toBe(0.5);
    expect(ban.evidence.rate).toBeLessThan(3);
    const alerts = run.decisions.filter((d): d is AlertDecision => d.type === "alert");
    expect(alerts.map((a) => a.rule)).toEqual(["global-surge", "global-surge-end"]);
    const surgeStart = Date.parse(alerts[0]!.at);
    for (const d of run.decisions.filter((x): x is BanDecision => x.type === "ban"))
      expect(Date.parse(d.at)).toBeGreaterThanOrEqual(surgeStart);
  });

  it("moves the limits at the surge's start and end, not at the next recompute", () => {
    const run = engineRun();
    const limitsAt: Record<string, unknown> = {};
    let seen = 0;
    for (const line of lines) {
      run.feed([line]);
      const alerts = run.decisions.filter((d): d is AlertDecision => d.type === "alert");
      if (alerts.length > seen) limitsAt[alerts[seen++]!.rule] = run.engine.view(0).limits;
    }
    expect(limitsAt["global-surge"]).toMatchObject({ limitRps: 1.75, surgeFactor: 0.5 });
    expect(limitsAt["global-surge-end"]).toMatchObject({ limitRps: 3, surgeFactor: 1 });
  });

  it("restores the normal limits when the surge ends: the same rate afterwards is not banned", () => {
    const run = engineRun();
    run.feed(lines);
    expect(bannedIps(run.decisions)).not.toContain("192.0.2.50");
  });

  it("only alerts with tightenFactor 1, as before", () => {
    const run = engineRun({ rules: { globalSurge: { tightenFactor: 1 } } });
    run.feed(lines);
    expect(bannedIps(run.decisions)).toEqual([]);
    const alerts = run.decisions.filter((d): d is AlertDecision => d.type === "alert");
    expect(alerts.map((a) => a.rule)).toEqual(["global-surge", "global-surge-end"]);
  });
});
