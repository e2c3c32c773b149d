import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { RequestSeries } from "../../../../api/metrics/request-series";
import { SeriesHistogram } from "../../../../api/metrics/series-histogram";
import { parseExposition, valueOf } from "../../../kit/metrics/prometheus-text";

function setup() {
  const registry = new Registry();
  const series = new RequestSeries([0.001, 0.01, 1]);
  new SeriesHistogram(series, {
    name: "d_seconds",
    help: "test",
    labelNames: ["method", "path", "status_code"],
    registers: [registry],
  });
  return { registry, series };
}

const GET_ROOT = { method: "GET", path: "/", status_code: "200" };

describe("SeriesHistogram", () => {
  it("renders cumulative buckets where a value equal to a bound counts in that bound", async () => {
    const { registry, series } = setup();
    for (const seconds of [0.001, 0.0011, 0.5, 7]) series.record("GET", "/", 200, seconds);
    const text = parseExposition(await registry.metrics());
    expect(text.types.get("d_seconds")).toBe("histogram");
    const bucket = (le: string) => valueOf(text, "d_seconds_bucket", { ...GET_ROOT, le });
    expect([bucket("0.001"), bucket("0.01"), bucket("1"), bucket("+Inf")]).toEqual([1, 2, 3, 4]);
    expect(valueOf(text, "d_seconds_count", GET_ROOT)).toBe(4);
    expect(valueOf(text, "d_seconds_sum", GET_ROOT)).toBeCloseTo(7.5021, 10);
  });

  it("keeps one series per method, path and status code", async () => {
    const { registry, series } = setup();
    series.record("GET", "/", 200, 0.002);
    series.record("GET", "/", 500, 0.002);
    series.record("POST", "/chaos", 200, 0.002);
    series.record("GET", "/", 200, 0.002);
    const text = parseExposition(await registry.metrics());
    expect(valueOf(text, "d_seconds_count", GET_ROOT)).toBe(2);
    expect(valueOf(text, "d_seconds_count", { ...GET_ROOT, status_code: "500" })).toBe(1);
    expect(
      valueOf(text, "d_seconds_count", { method: "POST", path: "/chaos", status_code: "200" }),
    ).toBe(1);
  });

  it("gives the same series to prom-client's JSON view", async () => {
    const { registry, series } = setup();
    series.record("GET", "/", 200, 0.5);
    const [metric] = await registry.getMetricsAsJSON();
    expect(metric?.values).toContainEqual({
      labels: { ...GET_ROOT, le: "+Inf" },
      value: 1,
      metricName: "d_seconds_bucket",
    });
  });

  it("starts over when the registry resets its metrics", async () => {
    const { registry, series } = setup();
    series.record("GET", "/", 200, 0.5);
    registry.resetMetrics();
    expect(parseExposition(await registry.metrics()).samples).toEqual([]);
  });
});
