import type { BadLineName } from "../parse/bad-line-reason";
import type { BadLineSampler } from "./bad-line-sampler";

/** Running counters kept by the engine. */
export interface EngineCounters {
  lines: number;
  bans: number;
  unbans: number;
  alerts: number;
  /** Lines older than the window when they arrived (counted globally only). */
  lateLines: number;
  /** Lines stamped ahead of the clock by more than clockSkewSeconds (counted at that limit). */
  earlyLines: number;
  /** Lines of clients that could not be tracked because the table was full. */
  untrackedLines: number;
  peakClients: number;
  firstMs: number;
}

/** Counters at zero. */
export function newCounters(): EngineCounters {
  return {
    lines: 0,
    bans: 0,
    unbans: 0,
    alerts: 0,
    lateLines: 0,
    earlyLines: 0,
    untrackedLines: 0,
    peakClients: 0,
    firstMs: Number.NaN,
  };
}

/** A snapshot of the engine's counters (the `replay` summary and the dashboard use these names). */
export interface EngineStats {
  readonly lines: number;
  readonly badLines: number;
  readonly badByReason: Partial<Record<BadLineName, number>>;
  readonly bans: number;
  readonly unbans: number;
  readonly alerts: number;
  readonly activeBans: number;
  readonly clients: number;
  readonly peakClients: number;
  readonly lateLines: number;
  readonly earlyLines: number;
  readonly untrackedLines: number;
  /** Untracked clients admitted into the full table on their heavy-hitter count. */
  readonly heavyHittersAdmitted: number;
  /** Tracked clients evicted to make room for them. */
  readonly pressureEvictions: number;
  /** Prefixes merged into one client each, now. */
  readonly aggregatedPrefixes: number;
  /** Prefixes merged so far. */
  readonly prefixAggregations: number;
  readonly firstAt: string | null;
  readonly lastAt: string | null;
}

function iso(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Builds the stats snapshot. */
export function engineStats(
  c: EngineCounters,
  bad: BadLineSampler,
  clients: number,
  activeBans: number,
  lastMs: number,
  pressure: {
    readonly admitted: number;
    readonly evicted: number;
    readonly aggregated: number;
    readonly aggregations: number;
  },
): EngineStats {
  return {
    lines: c.lines,
    badLines: bad.total,
    badByReason: bad.byReason(),
    bans: c.bans,
    unbans: c.unbans,
    alerts: c.alerts,
    activeBans,
    clients,
    peakClients: c.peakClients,
    lateLines: c.lateLines,
    earlyLines: c.earlyLines,
    untrackedLines: c.untrackedLines,
    heavyHittersAdmitted: pressure.admitted,
    pressureEvictions: pressure.evicted,
    aggregatedPrefixes: pressure.aggregated,
    prefixAggregations: pressure.aggregations,
    firstAt: iso(c.firstMs),
    lastAt: iso(lastMs),
  };
}
