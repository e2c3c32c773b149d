import { Counter, Gauge, collectDefaultMetrics } from "prom-client";
import type { Registry } from "prom-client";
import type { Clock } from "../../core";
import type { ChaosController } from "../chaos/chaos-controller";
import type { Track } from "../../core/track";
import { RequestSeries } from "./request-series";
import { SeriesHistogram } from "./series-histogram";

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
  readonly mode: Track;
  readonly serviceName: string;
  readonly version: string;
  readonly chaos: ChaosController;
  /** Clock reading when the instance started. */
  readonly startedAt: number;
}

/** Records finished requests into the metrics registered by `registerApiMetrics`. */
export interface RequestRecorder {
  record(method: string, path: string, statusCode: number, seconds: number): void;
}

/** The states `app_chaos_state` reports, one series each (the current one is 1, the others 0). */
export const CHAOS_STATES = ["none", "slow", "error"] as const;

/**
 * prom-client's default metrics that break the Prometheus naming guide: gauges named `_total`
 * (`promtool check metrics` flags them). Each is the sum over `type` of its `nodejs_active_*`
 * gauge without the suffix, which stays, so dropping them loses nothing.
 */
const MISNAMED_DEFAULT_METRICS = [
  "nodejs_active_handles_total",
  "nodejs_active_requests_total",
  "nodejs_active_resources_total",
] as const;

/**
 * Registers the API's metrics on the given registry and returns the recorder the hooks call. Named
 * by the Prometheus naming guide (https://prometheus.io/docs/practices/naming/): base units in the
 * name, states as labels, no quantile gauges beside the histogram — a p99 comes from its buckets
 * (`histogram_quantile(0.99, rate(http_request_duration_seconds_bucket[1m]))`, or the deltas
 * between two scrapes in gate/canary-input.ts), over whatever window the reader picks.
 */
export function registerApiMetrics(options: ApiMetricsOptions): RequestRecorder {
  const { registry, clock, chaos, startedAt } = options;
  const registers = [registry];
  const labelNames = ["method", "path", "status_code"] as const;

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
    name: "app_uptime_seconds",
    help: "Seconds since this instance started.",
    registers,
    collect() {
      this.set((clock.now() - startedAt) / 1000);
    },
  });
  new Gauge({
    name: "app_chaos_state",
    help: "Chaos in force: 1 for the current state (none, slow or error), 0 for the others.",
    labelNames: ["state"],
    registers,
    collect() {
      const current = chaos.current().mode;
      for (const state of CHAOS_STATES) this.set({ state }, state === current ? 1 : 0);
    },
  });
  new Gauge({
    name: "app_info",
    help: "Always 1; labels describe this instance (mode: stable or canary).",
    labelNames: ["service", "version", "mode"],
    registers,
  })
    .labels(options.serviceName, options.version, options.mode)
    .set(1);
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(name);

  return {
    record(method, path, statusCode, seconds) {
      series.record(method, path, statusCode, seconds);
    },
  };
}
