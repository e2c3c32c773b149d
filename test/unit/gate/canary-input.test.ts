import { describe, expect, it } from "vitest";
import { buildCanaryInput, versionWindow } from "../../../gate/canary-input";
import { FakeApiMetrics } from "../../kit/metrics/fake-api-metrics";

describe("versionWindow", () => {
  it("counts only what happened inside the window, not since the instance started", async () => {
    const api = new FakeApiMetrics().serve(5000, 500, 0.02);
    const start = await api.scrape(0);
    api.serve(990, 200, 0.02).serve(10, 503, 0.02);
    const window = versionWindow({ start, end: await api.scrape(60_000) });
    expect(window.requests).toBe(1000);
    expect(window.errors).toBe(10);
  });

  it("counts 5xx as errors and 4xx as answered requests", async () => {
    const api = new FakeApiMetrics();
    const start = await api.scrape(0);
    api.serve(800, 500, 0.01).serve(150, 200, 0.01).serve(50, 404, 0.01);
    const window = versionWindow({ start, end: await api.scrape(60_000) });
    expect(window).toMatchObject({ requests: 1000, errors: 800 });
  });

  it("leaves the operational routes out: our probes and scrapes are not user traffic", async () => {
    const api = new FakeApiMetrics();
    const start = await api.scrape(0);
    api.serve(100, 200, 0.01).serve(40, 200, 4, "/metrics").serve(30, 503, 4, "/healthz");
    const window = versionWindow({ start, end: await api.scrape(60_000) });
    expect(window).toMatchObject({ requests: 100, errors: 0 });
    expect(window.p99_ms).toBeLessThanOrEqual(10);
  });

  it("reads p99 from bucket deltas, interpolating inside the bucket", async () => {
    const api = new FakeApiMetrics().serve(10_000, 200, 4); // slow history must not count
    const start = await api.scrape(0);
    api.serve(1000, 200, 0.03);
    const window = versionWindow({ start, end: await api.scrape(60_000) });
    // All 1000 fall in (25 ms, 50 ms]; rank 990 of 1000 → 25 + 25 × 0.99 ms.
    expect(window.p99_ms).toBe(49.75);
    expect(window.p99_beyond_buckets).toBe(false);
  });

  it("puts p99 in the right bucket when a slow tail is exactly 1 %", async () => {
    const api = new FakeApiMetrics();
    const start = await api.scrape(0);
    api.serve(980, 200, 0.004).serve(20, 200, 0.8);
    const window = versionWindow({ start, end: await api.scrape(60_000) });
    // Rank 990: 980 are ≤ 5 ms, the 990th is in (500 ms, 1 s] → 500 + 500 × 10/20 ms.
    expect(window.p99_ms).toBe(750);
  });

  it("marks a p99 beyond the largest bucket and reports that bucket's bound", async () => {
    const api = new FakeApiMetrics();
    const start = await api.scrape(0);
    api.serve(100, 200, 9);
    const window = versionWindow({ start, end: await api.scrape(60_000) });
    expect(window).toMatchObject({ p99_ms: 5000, p99_beyond_buckets: true });
  });

  it("has no p99 when there were no requests", async () => {
    const api = new FakeApiMetrics().serve(10, 200, 0.01);
    const start = await api.scrape(0);
    const window = versionWindow({ start, end: await api.scrape(60_000) });
    expect(window).toEqual({ requests: 0, errors: 0, p99_ms: null, p99_beyond_buckets: false });
  });

  it("treats a counter lower at the end as a restart and counts from zero", async () => {
    const before = new FakeApiMetrics().serve(5000, 200, 0.01);
    const start = await before.scrape(0);
    const restarted = new FakeApiMetrics().serve(120, 200, 0.01).serve(3, 500, 0.01);
    const window = versionWindow({ start, end: await restarted.scrape(60_000) });
    expect(window).toMatchObject({ requests: 123, errors: 3 });
  });

  it("honours a custom list of operational paths", async () => {
    const api = new FakeApiMetrics();
    const start = await api.scrape(0);
    api.serve(10, 200, 0.01, "/internal").serve(5, 200, 0.01, "/metrics");
    const window = versionWindow(
      { start, end: await api.scrape(1000) },
      { operationalPaths: ["/internal"] },
    );
    expect(window.requests).toBe(5);
  });
});

describe("buildCanaryInput", () => {
  it("gives the window length and the canary's numbers", async () => {
    const api = new FakeApiMetrics();
    const start = await api.scrape(1_000);
    api.serve(200, 200, 0.002);
    const input = buildCanaryInput({ canary: { start, end: await api.scrape(61_000) } });
    // 2 ms lies in (1 ms, 2.5 ms]: rank 198 of 200 → 1 + 1.5 × 0.99 ms.
    expect(input).toEqual({
      window_seconds: 60,
      canary: { requests: 200, errors: 0, p99_ms: 2.485, p99_beyond_buckets: false },
    });
  });

  it("adds stable's numbers for the relative check", async () => {
    const canary = new FakeApiMetrics();
    const stable = new FakeApiMetrics();
    const c0 = await canary.scrape(0);
    const s0 = await stable.scrape(0);
    canary.serve(100, 503, 0.01);
    stable.serve(900, 200, 0.01);
    const input = buildCanaryInput({
      canary: { start: c0, end: await canary.scrape(60_000) },
      stable: { start: s0, end: await stable.scrape(60_000) },
    });
    expect(input.canary.errors).toBe(100);
    expect(input.stable).toMatchObject({ requests: 900, errors: 0 });
  });

  it("refuses scrapes taken in the wrong order", async () => {
    const page = await new FakeApiMetrics().scrape(5_000);
    expect(() =>
      buildCanaryInput({ canary: { start: page, end: { ...page, at: 4_000 } } }),
    ).toThrow("the canary's end scrape (4000) must be later than its start scrape (5000)");
  });
});
