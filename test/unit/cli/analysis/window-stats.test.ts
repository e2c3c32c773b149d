import { describe, expect, it } from "vitest";
import { statsBetween } from "../../../../cli/analysis/window-stats";
import { FakeApiMetrics } from "../../../kit/metrics/fake-api-metrics";

describe("statsBetween: rates and p99 from two scrapes", () => {
  it("gives requests per second, the 5xx share and p99 of what happened inside the window", async () => {
    const api = new FakeApiMetrics().serve(9000, 500, 3); // before the window: must not count
    const start = await api.scrape(1_000);
    api.serve(160, 500, 0.003).serve(40, 200, 0.003);
    const stats = statsBetween({ start, end: await api.scrape(11_000) });
    expect(stats).toEqual({
      windowSeconds: 10,
      requests: 200,
      errors: 160,
      requestRate: 20,
      errorRate: 0.8,
      // All 200 in (2.5 ms, 5 ms]: rank 198 → 2.5 + 2.5 × 198/200 ms.
      p99Ms: 4.975,
      p99BeyondBuckets: false,
    });
  });

  it("treats a counter that went down as reset: the end value is what the new process served", async () => {
    const before = new FakeApiMetrics().serve(5000, 200, 0.02);
    const start = await before.scrape(0);
    const restarted = new FakeApiMetrics().serve(30, 200, 0.02).serve(10, 503, 0.02);
    const stats = statsBetween({ start, end: await restarted.scrape(20_000) });
    expect(stats).toMatchObject({ requests: 40, errors: 10, requestRate: 2, errorRate: 0.25 });
    // All 40 in (10 ms, 25 ms]: rank 39.6 → 10 + 15 × 39.6/40 ms.
    expect(stats.p99Ms).toBe(24.85);
  });

  it("counts a series that first appears at the end from zero", async () => {
    const api = new FakeApiMetrics().serve(100, 200, 0.001);
    const start = await api.scrape(0);
    api.serve(5, 502, 0.001);
    const stats = statsBetween({ start, end: await api.scrape(5_000) });
    expect(stats).toMatchObject({ requests: 5, errors: 5, requestRate: 1, errorRate: 1 });
  });

  it("has no error rate and no p99 when the window saw no requests", async () => {
    const api = new FakeApiMetrics().serve(100, 500, 0.01);
    const stats = statsBetween({ start: await api.scrape(0), end: await api.scrape(60_000) });
    expect(stats).toEqual({
      windowSeconds: 60,
      requests: 0,
      errors: 0,
      requestRate: 0,
      errorRate: null,
      p99Ms: null,
      p99BeyondBuckets: false,
    });
  });

  it("refuses an end scrape that is not later than the start", async () => {
    const api = new FakeApiMetrics();
    const scrape = await api.scrape(5_000);
    expect(() => statsBetween({ start: scrape, end: scrape })).toThrow(
      "the end scrape (5000) must be later than the start scrape (5000)",
    );
  });
});
