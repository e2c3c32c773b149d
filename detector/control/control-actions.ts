import type { BreakerTrip } from "../decide/ban-breaker";
import type { BanRow, DashboardStatus } from "../dashboard/dashboard-status";
import type { SetupReport } from "../enforce/enforcer";
import type { OwnHistoryView } from "../engine/engine-view";
import type { OperatorBanRequest } from "../engine/operator-ban";

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
  /** What this client normally does (its own history); null: none yet. Absent from saved state. */
  readonly ownHistory?: OwnHistoryView | null;
}

/** What `flush` did. */
export interface FlushReport {
  readonly lifted: number;
  readonly removed: readonly SetupReport[];
  /** Set up again (empty) because the daemon keeps running. */
  readonly recreated: readonly SetupReport[];
}

/** What lifting selected, and who asked (user@host). */
export interface UnbanTarget {
  readonly ip?: string;
  readonly permanent?: boolean;
  readonly all?: boolean;
  readonly actor?: string;
}

/** Who asked for an operator action (user@host); "unknown" when a client did not say. */
export interface ActorBody {
  readonly actor?: string;
}

/** The actor recorded when a client sent none (an older CLI). */
export const UNKNOWN_ACTOR = "unknown";

/** Operator actions the running daemon offers on its control socket. */
export interface ControlActions {
  status(): DashboardStatus;
  explain(ip: string): ExplainReport;
  bans(permanentOnly: boolean, offset: number, limit: number): { total: number; rows: BanRow[] };
  /** A manual ban (rule `operator`); rejects with BanRefusedError (409) for an allowlisted address. */
  ban(request: OperatorBanRequest): Promise<{ banned: BanRow }>;
  unban(target: UnbanTarget): Promise<{ lifted: string[] }>;
  resetBreaker(actor?: string): Promise<{ reset: BreakerTrip | null }>;
  flush(actor?: string): Promise<FlushReport>;
  /** Re-reads the settings; `refused` lists changes that need a restart (kept as they were). */
  reload(): Promise<{ reloaded: boolean; error?: string; refused?: readonly string[] }>;
}
