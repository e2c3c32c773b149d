import type { ScrapePair, VersionWindow } from "../../gate";
import { versionWindow } from "../../gate";
import type { WindowStats } from "../history/history-record";

/** Rates from one version's window: requests per second, 5xx share (null without requests), p99. */
export function windowStats(window: VersionWindow, seconds: number): WindowStats {
  return {
    windowSeconds: Math.round(seconds * 1000) / 1000,
    requests: window.requests,
    errors: window.errors,
    requestRate: seconds > 0 ? window.requests / seconds : 0,
    errorRate: window.requests > 0 ? window.errors / window.requests : null,
    p99Ms: window.p99_ms,
    p99BeyondBuckets: window.p99_beyond_buckets,
  };
}

/**
 * One instance's traffic between two scrapes of its /metrics: counter and bucket deltas (a counter
 * that went down was reset, so its end value is the increase), never totals since start.
 */
export function statsBetween(pair: ScrapePair): WindowStats {
  const seconds = (pair.end.at - pair.start.at) / 1000;
  if (!(seconds > 0)) {
    throw new RangeError(
      `the end scrape (${pair.end.at}) must be later than the start scrape (${pair.start.at})`,
    );
  }
  return windowStats(versionWindow(pair), seconds);
}
