import { describe, expect, it } from "vitest";
import { SlidingQuantile } from "../../../../api/metrics/sliding-quantile";
import { ManualClock } from "../../../../core";

/** Reported quantiles are bin upper bounds: never below the truth, at most 2 % above it. */
function expectBinOf(actual: number, truth: number): void {
  expect(actual).toBeGreaterThanOrEqual(truth * 0.9999);
  expect(actual).toBeLessThanOrEqual(truth * 1.02);
}

function recordMany(window: SlidingQuantile, seconds: number, times: number): void {
  for (let i = 0; i < times; i += 1) window.record(seconds);
}

describe("SlidingQuantile", () => {
  it("has no quantile before any observation", () => {
    const window = new SlidingQuantile(new ManualClock(0));
    expect([window.quantile(0.99), window.count()]).toEqual([Number.NaN, 0]);
  });

  it("gives the nearest-rank p99: 990 fast and 10 slow requests leave p99 fast", () => {
    const window = new SlidingQuantile(new ManualClock(0));
    recordMany(window, 0.002, 990);
    recordMany(window, 1.5, 10);
    expectBinOf(window.quantile(0.99), 0.002);
  });

  it("gives the nearest-rank p99: 989 fast and 11 slow requests make p99 slow", () => {
    const window = new SlidingQuantile(new ManualClock(0));
    recordMany(window, 0.002, 989);
    recordMany(window, 1.5, 11);
    expectBinOf(window.quantile(0.99), 1.5);
  });

  it.each([0.0003, 0.001, 0.0047, 0.25, 4.9])("resolves %d s within 2 %", (seconds) => {
    const window = new SlidingQuantile(new ManualClock(0));
    window.record(seconds);
    expectBinOf(window.quantile(0.99), seconds);
  });

  it("forgets observations older than the 60 s window", () => {
    const clock = new ManualClock(1_000_000);
    const window = new SlidingQuantile(clock);
    recordMany(window, 3, 100);
    clock.advance(30_000);
    recordMany(window, 0.01, 100);
    expectBinOf(window.quantile(0.99), 3);
    expect(window.count()).toBe(200);
    clock.advance(30_000);
    expect(window.count()).toBe(100);
    expectBinOf(window.quantile(0.99), 0.01);
    clock.advance(30_000);
    expect([window.count(), window.quantile(0.99)]).toEqual([0, Number.NaN]);
  });

  it("reuses a slot after a full turn of the ring without mixing in its old counts", () => {
    const clock = new ManualClock(5_000);
    const window = new SlidingQuantile(clock);
    recordMany(window, 2, 50);
    clock.advance(60_000);
    window.record(0.005);
    expect(window.count()).toBe(1);
    expectBinOf(window.quantile(0.99), 0.005);
  });

  it("clamps values outside its range to its bounds", () => {
    const window = new SlidingQuantile(new ManualClock(0));
    window.record(0);
    expect(window.quantile(0.5)).toBe(0.0001);
    window.record(600);
    expect(window.quantile(1)).toBe(60);
  });
});
