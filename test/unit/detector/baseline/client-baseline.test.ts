import { describe, expect, it } from "vitest";
import { ClientBaseline } from "../../../../detector/baseline/client-baseline";
import { trimmedMoments } from "../../../../detector/baseline/moments";

const OPTIONS = { historyMinutes: 30, recomputeSeconds: 60, hourSlots: true, minSlotSamples: 1800 };
const DAY = Date.UTC(2026, 3, 27) / 1000;

describe("per-client rate distribution", () => {
  it("leaves out the busiest share of clients, so a few attackers do not teach what normal is", () => {
    const rates = new Float64Array(100);
    for (let i = 0; i < 98; i++) rates[i] = 1;
    rates[98] = 500;
    rates[99] = 800;
    expect(trimmedMoments(rates, 100, 0.02)).toEqual({ n: 98, sum: 98, sumSq: 98 });
    expect(trimmedMoments(rates, 100, 0).n).toBe(100);
  });
});

describe("ClientBaseline", () => {
  it("pools the snapshots of the rolling history", () => {
    const b = new ClientBaseline(OPTIONS);
    b.record(DAY, { n: 2, sum: 2, sumSq: 2 }); // rates 1, 1
    b.record(DAY + 60, { n: 2, sum: 6, sumSq: 18 }); // rates 3, 3
    expect(b.stats(DAY + 120)).toEqual({ mean: 2, stddev: 1, samples: 4, source: "rolling" });
  });

  it("keeps the last historyMinutes of snapshots", () => {
    const b = new ClientBaseline({ ...OPTIONS, hourSlots: false });
    for (let k = 0; k < 30; k++) b.record(DAY + k * 60, { n: 1, sum: 9, sumSq: 81 });
    for (let k = 30; k < 60; k++) b.record(DAY + k * 60, { n: 1, sum: 1, sumSq: 1 });
    expect(b.stats(DAY + 3600)).toMatchObject({ mean: 1, samples: 30 });
    expect(b.snapshots).toBe(30);
  });

  it("ignores an empty snapshot (no judgeable client)", () => {
    const b = new ClientBaseline(OPTIONS);
    b.record(DAY, { n: 0, sum: 0, sumSq: 0 });
    expect(b.snapshots).toBe(0);
  });

  it("prefers the hour slot once it has half an hour of snapshots", () => {
    const b = new ClientBaseline(OPTIONS);
    for (let k = 0; k < 30; k++) b.record(DAY + 3600 + k * 60, { n: 10, sum: 50, sumSq: 250 });
    expect(b.stats(DAY + 86_400 + 3600 + 5)).toMatchObject({ mean: 5, source: "hour-01" });
    expect(b.stats(DAY + 7200 + 5).source).toBe("rolling");
  });
});
