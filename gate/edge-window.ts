import { LogKey } from "../core/access-log-layout";
import type { VersionWindow } from "./canary-input";

/** Which version an upstream address (`host:port`, as Nginx logs it) belongs to, if any. */
export type UpstreamTrack = (upstreamAddr: string) => "stable" | "canary" | undefined;

/** What Nginx saw of each version over a window: the users' view, beside the API's own. */
export interface EdgeWindows {
  readonly canary: VersionWindow;
  readonly stable: VersionWindow;
  /** Lines in the window that were not JSON or lacked the upstream fields. */
  readonly unreadable: number;
}

interface Tally {
  requests: number;
  errors: number;
  timesMs: number[];
}

/**
 * Nginx's lists of attempts: "a, b" for a retry on the next server, "a : b" for an internal
 * redirect. Each attempt has its own address, status and time, in the same order.
 */
function attempts(text: unknown): string[] {
  return typeof text === "string" && text !== "" ? text.split(/\s*[,:]\s+/) : [];
}

/** Exact nearest-rank quantile of the attempts' upstream times (ms); null without any. */
function quantileMs(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function windowOf(t: Tally): VersionWindow {
  const sorted = [...t.timesMs].sort((a, b) => a - b);
  return {
    requests: t.requests,
    errors: t.errors,
    p99_ms: quantileMs(sorted, 0.99),
    p99_beyond_buckets: false,
  };
}

/**
 * Per-version requests, 5xx and p99 from Nginx's JSON access-log lines stamped within
 * [fromMs, toMs). Every attempt at an upstream counts for the version it went to: a canary that
 * is down or times out shows as 502/504 here (upstream status, or the client's status when Nginx
 * logged none), though the API itself never saw those requests. Operational paths are left out
 * as in the API's view.
 */
export function edgeWindows(
  lines: Iterable<string>,
  fromMs: number,
  toMs: number,
  trackOf: UpstreamTrack,
  operationalPaths: readonly string[],
): EdgeWindows {
  const tallies = {
    canary: { requests: 0, errors: 0, timesMs: [] } as Tally,
    stable: { requests: 0, errors: 0, timesMs: [] } as Tally,
  };
  const skip = new Set(operationalPaths);
  let unreadable = 0;
  for (const line of lines) {
    if (line.trim() === "") continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      unreadable++;
      continue;
    }
    const at = Date.parse(String(entry[LogKey.Timestamp]));
    if (Number.isNaN(at)) {
      unreadable++;
      continue;
    }
    if (at < fromMs || at >= toMs || skip.has(String(entry[LogKey.Path]))) continue;
    const addrs = attempts(entry[LogKey.UpstreamAddr]);
    const statuses = attempts(entry[LogKey.UpstreamStatus]);
    const times = attempts(entry[LogKey.UpstreamResponseTime]);
    addrs.forEach((addr, i) => {
      const track = trackOf(addr);
      if (track === undefined) return;
      const tally = tallies[track];
      // "-" (no answer logged): the last attempt's outcome is what the client got.
      let status = Number(statuses[i]);
      if (Number.isNaN(status) && i === addrs.length - 1) status = Number(entry[LogKey.Status]);
      tally.requests++;
      if (status >= 500) tally.errors++;
      const seconds = Number(times[i]);
      if (Number.isFinite(seconds)) tally.timesMs.push(Math.round(seconds * 1000));
    });
  }
  return { canary: windowOf(tallies.canary), stable: windowOf(tallies.stable), unreadable };
}
