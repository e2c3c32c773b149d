import { describe, expect, it } from "vitest";
import { clientThresholds } from "../../../../detector/rules/client-thresholds";
import { judgeClient } from "../../../../detector/rules/judge-client";
import { settings } from "../../../kit/detector/lines";

const LEARNED = { mean: 1, stddev: 1, samples: 500, source: "rolling" };

describe("client thresholds", () => {
  it("raises a thin learned baseline to the floors and says so", () => {
    const t = clientThresholds(
      { mean: 0.05, stddev: 0.1, samples: 3, source: "rolling" },
      settings(),
    );
    expect(t).toMatchObject({
      mean: 0.5,
      stddev: 0.5,
      floored: true,
      limitRps: 3,
      tightLimitRps: 1.75,
      judgeCount: 105,
    });
  });

  it("derives the limit as the lower of the z-score and multiplier rules", () => {
    const t = clientThresholds(
      LEARNED,
      settings({ rules: { zScore: { threshold: 5 }, multiplier: { factor: 4 } } }),
    );
    expect(t).toMatchObject({
      mean: 1,
      stddev: 1,
      floored: false,
      limitRps: 4,
      tightLimitRps: 2,
      judgeCount: 120,
    });
  });

  it("never lets the judge count drop below minRequests", () => {
    const t = clientThresholds(LEARNED, settings({ rules: { minRequests: 500 } }));
    expect(t.judgeCount).toBe(500);
  });
});

describe("judgeClient", () => {
  const t = clientThresholds(LEARNED, settings({ rules: { minRequests: 50 } }));
  // mean 1, stddev 1: z-score fires above 6 req/s, multiplier (10x) above 10 req/s.

  it("stays quiet below minRequests whatever the rate", () => {
    const few = clientThresholds(
      LEARNED,
      settings({ windowSeconds: 5, rules: { minRequests: 50 } }),
    );
    expect(judgeClient(49, 0, few)).toBeUndefined();
  });

  it("fires the z-score rule above mean + z * stddev", () => {
    expect(judgeClient(360, 0, t)).toBeUndefined(); // 6.0 req/s: z = 5, not above
    expect(judgeClient(361, 0, t)).toMatchObject({
      rule: "zscore",
      fired: ["zscore"],
      tightened: false,
    });
  });

  it("fires the multiplier rule on its own when the z-score rule is off", () => {
    const m = clientThresholds(LEARNED, settings({ rules: { zScore: { enabled: false } } }));
    expect(judgeClient(600, 0, m)).toBeUndefined();
    expect(judgeClient(601, 0, m)).toMatchObject({ rule: "multiplier", fired: ["multiplier"] });
  });

  it("reports every rule that fired", () => {
    expect(judgeClient(700, 0, t)?.fired).toEqual(["zscore", "multiplier"]);
  });

  it("judges a client with a high 4xx/5xx share against tightened thresholds", () => {
    // 4 req/s: normal rules stay quiet; with half the thresholds (z > 2.5 → 3.5 req/s) it fires.
    expect(judgeClient(240, 100, t)).toBeUndefined();
    const verdict = judgeClient(240, 120, t);
    expect(verdict).toMatchObject({
      rule: "error-share",
      tightened: true,
      errorShare: 0.5,
      fired: ["error-share", "zscore"],
    });
    expect(verdict?.rate).toBe(4);
    expect(verdict?.zScore).toBe(3);
  });

  it("does not tighten when the error-share rule is off", () => {
    const off = clientThresholds(LEARNED, settings({ rules: { errorShare: { enabled: false } } }));
    expect(judgeClient(240, 240, off)).toBeUndefined();
  });
});
