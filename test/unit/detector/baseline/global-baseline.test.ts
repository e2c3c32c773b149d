import { describe, expect, it } from "vitest";
import { Baseline } from "../../../../detector/baseline/baseline";
import { GlobalBaseline } from "../../../../detector/baseline/global-baseline";
import { hourOf } from "../../../../detector/baseline/hour-slots";

const OPTIONS = { historyMinutes: 30, recomputeSeconds: 60, hourSlots: true, minSlotSamples: 1800 };
const OWN = { minSnapshots: 3, memorySnapshots: 60, maxClients: 100 };
/** 2026-04-27T00:00:00Z in log seconds. */
const DAY = Date.UTC(2026, 3, 27) / 1000;

describe("GlobalBaseline", () => {
  it("gives the mean and stddev of the per-second counts in the rolling history", () => {
    const b = new GlobalBaseline(OPTIONS);
    for (let s = 0; s < 100; s++) b.record(DAY + s, s % 2 === 0 ? 8 : 12);
    expect(b.stats(DAY + 100)).toEqual({ mean: 10, stddev: 2, samples: 100, source: "rolling" });
  });

  it("keeps only the last 30 minutes in the rolling history", () => {
    const b = new GlobalBaseline({ ...OPTIONS, hourSlots: false });
    for (let s = 0; s < 1800; s++) b.record(DAY + s, 100);
    for (let s = 1800; s < 3600; s++) b.record(DAY + s, 4);
    expect(b.stats(DAY + 3600)).toMatchObject({ mean: 4, stddev: 0, samples: 1800 });
  });

  it("prefers the hour-of-day slot once it has enough samples", () => {
    const b = new GlobalBaseline(OPTIONS);
    // Hour 00 is busy (50/s) for a full hour; hour 01 is quiet (2/s).
    for (let s = 0; s < 3600; s++) b.record(DAY + s, 50);
    for (let s = 3600; s < 5400; s++) b.record(DAY + s, 2);
    expect(b.stats(DAY + 5400)).toEqual({ mean: 2, stddev: 0, samples: 1800, source: "hour-01" });
    // The next day at 00:10 the rolling history is quiet, but hour 00 remembers its busy self.
    expect(b.stats(DAY + 86_400 + 600)).toEqual({
      mean: 50,
      stddev: 0,
      samples: 3600,
      source: "hour-00",
    });
  });

  it("learns a gap in the log as silent seconds", () => {
    const b = new GlobalBaseline({ ...OPTIONS, hourSlots: false });
    b.record(DAY, 10);
    b.recordZeros(DAY + 1, 9);
    expect(b.stats(DAY + 10)).toMatchObject({ mean: 1, samples: 10 });
    b.recordZeros(DAY + 10, 100_000);
    expect(b.stats(DAY + 100_010)).toMatchObject({ mean: 0, samples: 1800 });
  });

  it("names slots by UTC hour", () => {
    expect(hourOf(DAY + 3 * 3600 + 59)).toBe(3);
    expect(hourOf(DAY - 1)).toBe(23);
  });
});

describe("Baseline persistence", () => {
  it("restores exactly what it saved, so a restart does not forget what normal looks like", () => {
    const a = new Baseline(OPTIONS, OWN);
    for (let s = 0; s < 4000; s++) a.global.record(DAY + s, (s * 7) % 13);
    for (let k = 0; k < 40; k++)
      a.client.record(DAY + k * 60, { n: 100 + k, sum: 20 + k, sumSq: 9 + k });
    for (let k = 0; k < 5; k++) {
      a.own.record(0x0a000001, 0.1 * k, DAY + k * 60);
      a.own.record("\u2001\u0db8\ud800\u0001", 2 + k, DAY + k * 60);
    }
    const saved = JSON.parse(JSON.stringify(a.save(DAY * 1000))) as unknown;
    const b = new Baseline(OPTIONS, OWN);
    expect(b.load(saved)).toBe(true);
    for (const at of [DAY + 4000, DAY + 600, DAY + 86_400 + 7200]) {
      expect(b.global.stats(at)).toEqual(a.global.stats(at));
      expect(b.client.stats(at)).toEqual(a.client.stats(at));
    }
    expect(b.global.samples).toBe(1800);
    expect(b.own.stats(0x0a000001)).toEqual(a.own.stats(0x0a000001));
    expect(b.own.stats("\u2001\u0db8\ud800\u0001")).toEqual(
      a.own.stats("\u2001\u0db8\ud800\u0001"),
    );
    expect(b.own.stats(0x0a000001)?.samples).toBe(5);
  });

  it("restores a baseline saved before clients had their own history", () => {
    const a = new Baseline(OPTIONS, OWN);
    a.global.record(DAY, 3);
    const { own: _own, ...older } = a.save(DAY * 1000);
    const b = new Baseline(OPTIONS, OWN);
    expect(b.load(JSON.parse(JSON.stringify(older)))).toBe(true);
    expect(b.global.samples).toBe(1);
    expect(b.own.size).toBe(0);
  });

  it("ignores a saved baseline of another format and keeps learning from scratch", () => {
    const b = new Baseline(OPTIONS, OWN);
    expect(b.load({ format: 99, global: { history: [5, 5] } })).toBe(false);
    expect(b.load(undefined)).toBe(false);
    expect(b.global.samples).toBe(0);
  });
});
