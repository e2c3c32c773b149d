import { describe, expect, it } from "vitest";
import { GlobalSurgeRule } from "../../../../detector/rules/global-surge";
import { settings } from "../../../kit/detector/lines";

const LEARNED = { mean: 10, stddev: 2, samples: 1800, source: "rolling" };

describe("GlobalSurgeRule", () => {
  it("stays silent until the baseline has minSamples", () => {
    const rule = new GlobalSurgeRule(settings());
    rule.update(LEARNED, 299);
    expect(rule.check(100, 1000)).toBeUndefined();
  });

  it("alerts at the start, again after the cooldown, and at the end with hysteresis", () => {
    const rule = new GlobalSurgeRule(
      settings({ rules: { globalSurge: { cooldownSeconds: 300 } } }),
    );
    rule.update(LEARNED, 1800);
    // limit = max(10 + 6 * 2, 3 * 10) = 30 req/s
    expect(rule.check(1000, 30)).toBeUndefined();
    expect(rule.check(1001, 31)).toMatchObject({
      kind: "start",
      rate: 31,
      zScore: 10.5,
      limitRps: 30,
    });
    expect(rule.check(1100, 80)).toBeUndefined();
    expect(rule.check(1301, 80)).toMatchObject({ kind: "ongoing", ongoingSeconds: 300 });
    expect(rule.check(1302, 25)).toBeUndefined(); // above 80 % of the limit: still on
    expect(rule.check(1303, 23)).toMatchObject({ kind: "end", ongoingSeconds: 302 });
    expect(rule.active).toBe(false);
  });

  it("uses the global floors on a fresh start", () => {
    const rule = new GlobalSurgeRule(settings({ rules: { globalSurge: { minSamples: 1 } } }));
    rule.update({ mean: 0, stddev: 0, samples: 5, source: "rolling" }, 5);
    expect(rule.check(1, 7)).toBeUndefined();
    expect(rule.check(2, 7.5)).toMatchObject({ kind: "start", mean: 1, stddev: 1, floored: true });
  });
});
