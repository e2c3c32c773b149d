import type { DetectorSettings } from "../../core/detector-settings";
import type { AuditLog } from "../audit/audit-log";
import type { DashboardStatus } from "../dashboard/dashboard-status";
import type { Enforcement, EnforcementEvents } from "../enforce/enforcement";
import type { SetFill } from "../enforce/enforcer";
import type { EnforcementPlan } from "../enforce/enforcement-plan";
import type { SelfTestResult } from "../enforce/selftest/selftest-result";
import type { AlertSink } from "./alert-sink";
import type { DaemonParts } from "./daemon-parts";
import type { EngineLoop } from "./engine-loop";

/** What a reload did: the changed sections and the changes it refused. */
export interface ReloadOutcome {
  readonly changed: readonly string[];
  readonly refused: readonly string[];
}

/**
 * The running daemon as its helpers (housekeeping, reload, operator actions, the start-up
 * self-test) see it: the parts built once, and the parts a reload may swap.
 */
export interface RunningDaemon {
  readonly parts: DaemonParts;
  settings: DetectorSettings;
  hostAddresses: readonly string[];
  plan: EnforcementPlan;
  enforcement: Enforcement;
  loop: EngineLoop;
  alerts: AlertSink;
  audit: AuditLog;
  selftest: SelfTestResult | undefined;
  fill: SetFill[];
  /** What enforcement reports go to. */
  events(): EnforcementEvents;
  /** The audit log a configuration names. */
  newAudit(s: DetectorSettings): AuditLog;
  /** Swaps in an engine loop for the current settings and host addresses. */
  replaceLoop(): void;
  restartDashboard(): Promise<void>;
  /** Runs a state write; a failure is logged and never stops enforcement. */
  trySave(what: string, write: () => void): void;
  /** Makes the backends hold exactly the ledger's bans. */
  reconcile(): Promise<void>;
  /** Re-reads the settings and the host addresses and applies them (throws when invalid). */
  reload(): Promise<ReloadOutcome>;
  status(): DashboardStatus;
}
