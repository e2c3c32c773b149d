import { displayKey } from "../address/client-key";
import type { Baseline } from "../baseline/baseline";
import type { BaselineStats } from "../baseline/baseline-stats";
import type { ClientThresholds } from "../rules/client-thresholds";
import type { BucketLayout } from "../window/bucket-layout";
import type { ClientTable } from "../window/client-table";
import { busiestClients } from "./client-sweep";
import { round } from "./evidence";

/** A snapshot of what the engine sees, for the dashboard and its JSON API. */
export interface EngineView {
  /** Log time the view is as of (ISO-8601), null before the first line. */
  readonly at: string | null;
  readonly windowSeconds: number;
  /** The site's requests per second over the window. */
  readonly globalRate: number;
  readonly trackedClients: number;
  readonly activeClients: number;
  readonly globalBaseline: BaselineStats;
  /** What one client normally does, and the limits derived from it. */
  readonly clientBaseline: BaselineStats;
  readonly limits: {
    readonly limitRps: number;
    readonly tightLimitRps: number;
    readonly minRequests: number;
    /** Below 1 while a global surge tightens the per-client limits. */
    readonly surgeFactor: number;
  };
  /** Busiest clients in the window, busiest first. */
  readonly top: readonly {
    readonly ip: string;
    readonly requests: number;
    readonly rate: number;
  }[];
}

/** What one client normally does by its own history, for `explain`. */
export interface OwnHistoryView {
  /** Its mean and stddev of window rates (req/s) in the minutes it was active. */
  readonly mean: number;
  readonly stddev: number;
  readonly snapshots: number;
  /** Snapshots it needs before its own history judges it (rules.ownHistory.minSnapshots). */
  readonly minSnapshots: number;
  /** The rate above which it breaks its own history; null until it has minSnapshots. */
  readonly limitRps: number | null;
  /** The site's per-client limit it is held to in any case. */
  readonly siteLimitRps: number;
}

/** A client's own-history view from its figures (undefined: no history) and both sets of limits. */
export function ownHistoryView(
  figures: BaselineStats | undefined,
  own: ClientThresholds | undefined,
  site: ClientThresholds,
  minSnapshots: number,
): OwnHistoryView | null {
  if (figures === undefined) return null;
  return {
    mean: round(figures.mean),
    stddev: round(figures.stddev),
    snapshots: figures.samples,
    minSnapshots,
    limitRps: own === undefined ? null : round(own.limitRps),
    siteLimitRps: round(site.limitRps),
  };
}

function roundStats(s: BaselineStats): BaselineStats {
  return { ...s, mean: round(s.mean), stddev: round(s.stddev) };
}

/** Builds the view (one pass over the client table). */
export function engineView(
  table: ClientTable,
  layout: BucketLayout,
  second: number,
  n: number,
  globalRate: number,
  baseline: Baseline,
  thresholds: ClientThresholds,
  logNowMs: number,
): EngineView {
  const known = Number.isFinite(second);
  const { active, top } = known ? busiestClients(table, layout, second, n) : { active: 0, top: [] };
  const s = known ? second : 0;
  return {
    at: Number.isFinite(logNowMs) ? new Date(logNowMs).toISOString() : null,
    windowSeconds: layout.windowSeconds,
    globalRate: round(globalRate),
    trackedClients: table.size,
    activeClients: active,
    globalBaseline: roundStats(baseline.global.stats(s)),
    clientBaseline: roundStats(baseline.client.stats(s)),
    limits: {
      limitRps: round(thresholds.limitRps),
      tightLimitRps: round(thresholds.tightLimitRps),
      minRequests: thresholds.minRequests,
      surgeFactor: thresholds.surgeFactor,
    },
    top: top.map((slot) => {
      const id = table.keyOf(slot)!;
      const requests = table.totals[slot]!;
      return {
        ip: displayKey({
          family: typeof id === "number" ? 4 : 6,
          id,
          prefix: table.prefixes[slot]!,
        }),
        requests,
        rate: round(requests / layout.windowSeconds),
      };
    }),
  };
}
