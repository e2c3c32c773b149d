import type { BreakerTrip } from "../decide/ban-breaker";
import type { BanRow, DashboardStatus } from "../dashboard/dashboard-status";
import type { SetupReport } from "../enforce/enforcer";

/** `explain <ip>`: the ban, the offender's record and its audit history. */
export interface ExplainReport {
  readonly ip: string;
  readonly banned: BanRow | null;
  readonly offender: {
    readonly step: number;
    readonly effectiveStep: number;
    readonly lastOffenceAt: string;
    readonly releasedAt: string | null;
  } | null;
  readonly history: readonly Record<string, unknown>[];
}

/** What `flush` did. */
export interface FlushReport {
  readonly lifted: number;
  readonly removed: readonly SetupReport[];
  /** Set up again (empty) because the daemon keeps running. */
  readonly recreated: readonly SetupReport[];
}

/** What lifting selected. */
export interface UnbanTarget {
  readonly ip?: string;
  readonly permanent?: boolean;
  readonly all?: boolean;
}

/** Operator actions the running daemon offers on its control socket. */
export interface ControlActions {
  status(): DashboardStatus;
  explain(ip: string): ExplainReport;
  bans(permanentOnly: boolean, offset: number, limit: number): { total: number; rows: BanRow[] };
  unban(target: UnbanTarget): Promise<{ lifted: string[] }>;
  resetBreaker(): Promise<{ reset: BreakerTrip | null }>;
  flush(): Promise<FlushReport>;
  /** Re-reads the settings; `refused` lists changes that need a restart (kept as they were). */
  reload(): Promise<{ reloaded: boolean; error?: string; refused?: readonly string[] }>;
}
