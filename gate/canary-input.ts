import { histogramQuantile } from "./histogram-quantile";
import type { Sample } from "./prometheus-text";
import { parsePrometheusText } from "./prometheus-text";

/** One /metrics page of one API instance and when it was read (ms since the epoch). */
export interface MetricsScrape {
  readonly text: string;
  readonly at: number;
}

/** The same instance scraped at the start and at the end of the analysis window. */
export interface ScrapePair {
  readonly start: MetricsScrape;
  readonly end: MetricsScrape;
}

/** One version's traffic over the window, as the canary policy reads it. */
export interface VersionWindow {
  readonly requests: number;
  /** Responses with a 5xx status. */
  readonly errors: number;
  /** Null when there were no requests to measure. */
  readonly p99_ms: number | null;
  readonly p99_beyond_buckets: boolean;
}

/** Input of OPA's `swiftdeploy.canary` policy (see policies/opa/README.md). */
export interface CanaryInput {
  readonly window_seconds: number;
  readonly canary: VersionWindow;
  readonly stable?: VersionWindow;
}

/** What to leave out: the API's own operational routes are not user traffic. */
export interface CanaryInputOptions {
  readonly operationalPaths?: readonly string[];
}

/** The API's operational routes (health, readiness, metrics, chaos): our probes, not users. */
export const DEFAULT_OPERATIONAL_PATHS = ["/healthz", "/readyz", "/metrics", "/chaos"] as const;

const REQUESTS = "http_requests_total";
const BUCKETS = "http_request_duration_seconds_bucket";

function seriesKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`)
    .join(",");
}

/**
 * Increase of each series of one metric between two scrapes, keyed by its labels. A counter lower
 * at the end than at the start was reset (the instance restarted): its end value is the increase,
 * as Prometheus's increase() assumes. A series new at the end started from zero.
 */
function increases(start: readonly Sample[], end: readonly Sample[], name: string): Sample[] {
  const before = new Map<string, number>();
  for (const sample of start) {
    if (sample.name === name) before.set(seriesKey(sample.labels), sample.value);
  }
  return end
    .filter((sample) => sample.name === name && Number.isFinite(sample.value))
    .map((sample) => {
      const previous = before.get(seriesKey(sample.labels)) ?? 0;
      const value = sample.value >= previous ? sample.value - previous : sample.value;
      return { ...sample, value };
    });
}

/** Requests, 5xx and p99 of one instance over the window between its two scrapes. */
export function versionWindow(pair: ScrapePair, options: CanaryInputOptions = {}): VersionWindow {
  const skip = new Set<string>(options.operationalPaths ?? DEFAULT_OPERATIONAL_PATHS);
  const traffic = (sample: Sample) => !skip.has(sample.labels.path ?? "");
  const start = parsePrometheusText(pair.start.text);
  const end = parsePrometheusText(pair.end.text);

  const counted = increases(start, end, REQUESTS).filter(traffic);
  const requests = counted.reduce((sum, sample) => sum + sample.value, 0);
  const errors = counted
    .filter((sample) => Number(sample.labels.status_code) >= 500)
    .reduce((sum, sample) => sum + sample.value, 0);

  const byBound = new Map<number, number>();
  for (const sample of increases(start, end, BUCKETS).filter(traffic)) {
    const le = sample.labels.le === "+Inf" ? Number.POSITIVE_INFINITY : Number(sample.labels.le);
    if (!Number.isNaN(le)) byBound.set(le, (byBound.get(le) ?? 0) + sample.value);
  }
  const p99 = histogramQuantile(
    0.99,
    [...byBound].map(([le, count]) => ({ le, count })),
  );
  return {
    requests,
    errors,
    p99_ms: p99 === undefined ? null : Math.round(p99.value * 1000 * 1000) / 1000,
    p99_beyond_buckets: p99?.beyondBuckets ?? false,
  };
}

/**
 * The canary policy's input from two scrapes per version taken at the start and the end of the
 * window: counter and histogram-bucket deltas, never counters since start.
 */
export function buildCanaryInput(
  scrapes: { readonly canary: ScrapePair; readonly stable?: ScrapePair },
  options: CanaryInputOptions = {},
): CanaryInput {
  const windowSeconds = (scrapes.canary.end.at - scrapes.canary.start.at) / 1000;
  if (!(windowSeconds > 0)) {
    throw new RangeError(
      `the canary's end scrape (${scrapes.canary.end.at}) must be later than its start scrape (${scrapes.canary.start.at})`,
    );
  }
  const canary = versionWindow(scrapes.canary, options);
  return scrapes.stable === undefined
    ? { window_seconds: windowSeconds, canary }
    : { window_seconds: windowSeconds, canary, stable: versionWindow(scrapes.stable, options) };
}
