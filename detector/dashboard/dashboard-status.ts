import type { BreakerTrip } from "../decide/ban-breaker";
import type { BanDecision } from "../decide/decision";
import type { EngineStats } from "../engine/engine-stats";
import type { EngineView } from "../engine/engine-view";
import type { SetFill } from "../enforce/enforcer";
import type { SelfTestResult } from "../enforce/selftest/selftest-result";
import type { ProcessUsage } from "./process-usage";
import type { RatePoint } from "./rate-history";

/** One current ban as the dashboard lists it. */
export interface BanRow {
  readonly ip: string;
  readonly rule: string | null;
  readonly step: number;
  readonly bannedAt: string;
  /** null = permanent. */
  readonly until: string | null;
  readonly secondsLeft: number | null;
  readonly enforcedBy: string | null;
  /** The full decision with its evidence, when it is still kept. */
  readonly decision: BanDecision | null;
}

/** Everything the page shows (`GET /api/status`). */
export interface DashboardStatus {
  readonly now: string;
  readonly startedAt: string;
  readonly engine: EngineView;
  readonly counters: EngineStats;
  readonly series: readonly RatePoint[];
  readonly bans: { readonly active: number; readonly listed: readonly BanRow[] };
  readonly enforcement: {
    readonly backends: readonly string[];
    readonly dryRun: boolean;
    readonly fill: readonly SetFill[];
    readonly queueDepth: number;
    readonly failures: number;
    readonly selftest: SelfTestResult | null;
    readonly problems: readonly string[];
  };
  readonly breaker: {
    readonly tripped: BreakerTrip | null;
    /** Clients refused while it throttles. */
    readonly held: number;
    /** Bans granted to the worst offenders while it throttled. */
    readonly throttledBans: number;
    readonly autoResets: number;
  };
  readonly alerts: {
    readonly enabled: boolean;
    readonly webhook: string | null;
    readonly sent: number;
    readonly failed: number;
    readonly dropped: number;
    readonly coalesced: number;
    readonly queued: number;
  };
  readonly process: ProcessUsage;
}

/** Where the dashboard gets its data (the running service). */
export interface DashboardSource {
  status(): DashboardStatus;
  /** One ban's record (`GET /api/bans/:ip`). */
  ban(ip: string): BanRow | undefined;
  /** Current bans, most recent first, paged. */
  bans(offset: number, limit: number): { total: number; rows: BanRow[] };
}
