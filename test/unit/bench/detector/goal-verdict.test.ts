import { describe, expect, it } from "vitest";
import { spread, verdict } from "../../../../bench/detector/goal-verdict";

describe("spread", () => {
  it("is how far the runs of one measurement were apart, relative to the least", () => {
    expect(spread([1000, 1100, 1050])).toBeCloseTo(0.1);
    expect(spread([1000])).toBe(0);
    expect(spread([])).toBe(0);
  });
});

describe("verdict", () => {
  it("says met when the margin is larger than the noise", () => {
    expect(verdict({ value: 1_300_000, target: 1_000_000, better: "higher", noise: 0.05 })).toBe(
      "met",
    );
    expect(verdict({ value: 400, target: 1000, better: "lower", noise: 0.2 })).toBe("met");
    expect(verdict({ value: 400, target: Infinity, better: "lower", noise: NaN })).toBe("met");
  });

  it("says a met within the noise is one", () => {
    expect(verdict({ value: 1_030_000, target: 1_000_000, better: "higher", noise: 0.081 })).toBe(
      "met (within noise: ±8.1 %)",
    );
    expect(verdict({ value: 950, target: 1000, better: "lower", noise: 0.1 })).toBe(
      "met (within noise: ±10.0 %)",
    );
    expect(verdict({ value: 950, target: 1000, better: "lower", noise: Infinity })).toBe(
      "met (within noise: unbounded)",
    );
  });

  it("says MISSED when the goal was missed, noise or not", () => {
    expect(verdict({ value: 990_000, target: 1_000_000, better: "higher", noise: 0.5 })).toBe(
      "MISSED",
    );
    expect(verdict({ value: Infinity, target: 1000, better: "lower", noise: 0 })).toBe("MISSED");
    expect(verdict({ value: 1000, target: 1000, better: "lower", noise: 0 })).toBe("MISSED");
  });
});
