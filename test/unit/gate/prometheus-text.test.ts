import { describe, expect, it } from "vitest";
import { histogramQuantile } from "../../../gate/histogram-quantile";
import { parsePrometheusText } from "../../../gate/prometheus-text";

describe("parsePrometheusText", () => {
  it("reads names, labels, values and skips comments", () => {
    const text = [
      "# HELP http_requests_total Requests.",
      "# TYPE http_requests_total counter",
      'http_requests_total{method="GET",path="/",status_code="200"} 42',
      'http_request_duration_seconds_bucket{le="+Inf",path="/"} 7 1700000000000',
      'app_chaos_state{state="none"} 1',
      "process_cpu_seconds_ratio NaN",
    ].join("\n");
    const samples = parsePrometheusText(text);
    expect(samples.slice(0, 3)).toEqual([
      {
        name: "http_requests_total",
        labels: { method: "GET", path: "/", status_code: "200" },
        value: 42,
      },
      { name: "http_request_duration_seconds_bucket", labels: { le: "+Inf", path: "/" }, value: 7 },
      { name: "app_chaos_state", labels: { state: "none" }, value: 1 },
    ]);
    expect(samples[3]?.value).toBeNaN();
  });

  it("unescapes quotes, backslashes and newlines in label values", () => {
    const [sample] = parsePrometheusText('m{path="/a\\"b\\\\c\\nd"} 1');
    expect(sample?.labels.path).toBe('/a"b\\c\nd');
  });

  it("reads +Inf and -Inf values", () => {
    expect(parsePrometheusText("a +Inf\nb -Inf").map((s) => s.value)).toEqual([
      Infinity,
      -Infinity,
    ]);
  });

  it.each([
    ['m{path="/} 1', 'unterminated label value in metrics line: m{path="/} 1'],
    ['m{path="/"', 'malformed labels in metrics line: m{path="/"'],
    ["m{path=/} 1", "malformed labels in metrics line: m{path=/} 1"],
    ["{} 1", "malformed metrics line: {} 1"],
  ])("rejects %s, naming the line", (line, message) => {
    expect(() => parsePrometheusText(line)).toThrow(message);
  });
});

describe("histogramQuantile", () => {
  it("is undefined without observations or without a +Inf bucket", () => {
    expect(histogramQuantile(0.99, [{ le: Infinity, count: 0 }])).toBeUndefined();
    expect(histogramQuantile(0.99, [{ le: 1, count: 5 }])).toBeUndefined();
  });

  it("interpolates from zero inside the first bucket", () => {
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 10 },
        { le: Infinity, count: 10 },
      ]),
    ).toEqual({ value: 0.5, beyondBuckets: false });
  });

  it("repairs counts that dip (separately reset series) instead of going backwards", () => {
    const estimate = histogramQuantile(0.99, [
      { le: 0.1, count: 100 },
      { le: 0.2, count: 90 },
      { le: Infinity, count: 100 },
    ]);
    expect(estimate).toEqual({ value: 0.099, beyondBuckets: false });
  });
});
