import type { WindowStats } from "../history/history-record";

/** 0.8 → "80.00 %"; null → "–". */
export function percent(rate: number | null | undefined, digits = 2): string {
  return rate === null || rate === undefined ? "–" : `${(rate * 100).toFixed(digits)} %`;
}

/** 3.14159 → "3.1 ms"; null → "–". */
export function millis(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** Requests per second with one decimal. */
export function perSecond(rate: number): string {
  return `${rate.toFixed(1)}/s`;
}

/** "200 requests (20.0/s), 160 errors (80.00 %), p99 3.1 ms over 10 s". */
export function describeStats(stats: WindowStats): string {
  const p99 = stats.p99BeyondBuckets ? `above ${millis(stats.p99Ms)}` : millis(stats.p99Ms);
  return `${stats.requests} requests (${perSecond(stats.requestRate)}), ${stats.errors} errors (${percent(stats.errorRate)}), p99 ${p99} over ${Math.round(stats.windowSeconds)} s`;
}
