import { describe, expect, it } from "vitest";
import { dropStats } from "../../../../../bench/detector/enforce/drop-stats";

const dropped = [310, 320, 330, 340, 350, 360, 370, 380, 390];

describe("dropStats (time to first drop over runs)", () => {
  it("takes nearest-rank quantiles over every run", () => {
    const s = dropStats([...dropped, 400]);
    expect([s.runs, s.neverDropped, s.median, s.p95, s.min, s.max]).toEqual([
      10, 0, 350, 400, 310, 400,
    ]);
  });

  it("counts a run that never dropped as a failure inside the sample, not as a missing run", () => {
    const s = dropStats([...dropped, null]);
    expect(s.runs).toBe(10);
    expect(s.neverDropped).toBe(1);
    // Left out, the p95 of the nine that dropped would have read 390 ms: a goal "met".
    expect(s.p95).toBe(Infinity);
    expect(s.max).toBe(Infinity);
    expect(s.median).toBe(350);
  });

  it("gives the p95's noise from the spread of the runs around its rank", () => {
    const runs = Array.from({ length: 40 }, (_, i) => 300 + i * 10);
    const s = dropStats(runs);
    // Nearest rank 38 of 40 (670 ms); the 95 % band of that rank spans ranks 36 to 40 (650-690).
    expect(s.p95).toBe(670);
    expect(s.p95Noise).toBeCloseTo(20 / 670);
    expect(dropStats([...runs.slice(1), null]).p95Noise).toBe(Infinity);
  });

  it("widens the band to the neighbouring runs when there are too few for it", () => {
    // Three runs: the p95 is the slowest, and the next one down says how much it may move.
    expect(dropStats([599, 857, 604]).p95Noise).toBeCloseTo((857 - 604) / 857);
  });
});
