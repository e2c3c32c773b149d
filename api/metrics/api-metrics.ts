import { Counter, Gauge, collectDefaultMetrics } from "prom-client";
import type { Registry } from "prom-client";
import type { Clock } from "../../core";
import type { ChaosController } from "../chaos/chaos-controller";
import type { ApiMode } from "../config";
import { RequestSeries } from "./request-series";
import { SeriesHistogram } from "./series-histogram";
import { SlidingQuantile } from "./sliding-quantile";

/** Histogram bounds in seconds: 1 ms to 5 s, roughly three per decade. */
export const DURATION_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

/** The `path` label of requests that matched no route, so raw URLs never become labels. */
export const UNMATCHED_PATH = "unmatched";

/** What the metrics need to know about the instance they describe. */
export interface ApiMetricsOptions {
  readonly registry: Registry;
  readonly clock: Clock;
  readonly mode: ApiMode;
  readonly serviceName: string;
  readonly version: string;
  readonly chaos: ChaosController;
  /** Clock reading when the instance started. */
  readonly startedAt: number;
}

/** Records finished requests into the metrics registered by `registerApiMetrics`. */
export interface RequestRecorder {
  /** `traffic` is false for operational routes, which stay out of the p99 window. */
  record(method: string, path: string, statusCode: number, seconds: number, traffic: boolean): void;
}

/** Registers the API's metrics on the given registry and returns the recorder the hooks call. */
export function registerApiMetrics(options: ApiMetricsOptions): RequestRecorder {
  const { registry, clock, chaos, startedAt } = options;
  const registers = [registry];
  const labelNames = ["method", "path", "status_code"] as const;
  const window = new SlidingQuantile(clock);

  const series = new RequestSeries(DURATION_BUCKETS);

  new Counter({
    name: "http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status code.",
    labelNames,
    registers,
    collect() {
      this.reset();
      for (const { labels, count } of series.all()) this.inc(labels, count);
    },
  });
  new SeriesHistogram(series, {
    name: "http_request_duration_seconds",
    help: "Time to answer HTTP requests, by method, route pattern and status code.",
    labelNames,
    registers,
  });
  new Gauge({
    name: "http_request_duration_seconds_p99",
    help: "99th percentile of application (non-operational) request durations over the last 60 s; NaN when there were none.",
    registers,
    collect() {
      this.set(window.quantile(0.99));
    },
  });
  new Gauge({
    name: "app_uptime_seconds",
    help: "Seconds since this instance started.",
    registers,
    collect() {
      this.set((clock.now() - startedAt) / 1000);
    },
  });
  new Gauge({ name: "app_mode", help: "0 stable, 1 canary.", registers }).set(
    options.mode === "canary" ? 1 : 0,
  );
  new Gauge({
    name: "chaos_active",
    help: "Chaos in force: 0 none, 1 slow, 2 error.",
    registers,
    collect() {
      this.set(chaos.activeCode());
    },
  });
  new Gauge({
    name: "app_info",
    help: "Always 1; labels describe this instance.",
    labelNames: ["service", "version", "mode"],
    registers,
  })
    .labels(options.serviceName, options.version, options.mode)
    .set(1);
  collectDefaultMetrics({ register: registry });

  return {
    record(method, path, statusCode, seconds, traffic) {
      series.record(method, path, statusCode, seconds);
      if (traffic) window.record(seconds);
    },
  };
}
