import type { DetectorSettings } from "../../core/detector-settings";
import type { EvidenceStore } from "../audit/evidence-store";
import type { AlertSink } from "./alert-sink";
import type { DashboardStatus } from "../dashboard/dashboard-status";
import type { ProcessUsage } from "../dashboard/process-usage";
import type { RateHistory } from "../dashboard/rate-history";
import type { DetectorEngine } from "../engine/engine";
import type { Enforcement } from "../enforce/enforcement";
import type { SetFill } from "../enforce/enforcer";
import type { SelfTestResult } from "../enforce/selftest/selftest-result";
import { banPage } from "../control/ban-rows";

/** The parts a status is read from. */
export interface StatusParts {
  readonly settings: DetectorSettings;
  readonly engine: DetectorEngine;
  readonly evidence: EvidenceStore;
  readonly enforcement: Enforcement;
  readonly dryRun: boolean;
  readonly alerts: AlertSink;
  readonly history: RateHistory;
  readonly usage: ProcessUsage;
  readonly fill: readonly SetFill[];
  readonly selftest: SelfTestResult | undefined;
  readonly problems: readonly string[];
  readonly startedAtMs: number;
  readonly nowMs: number;
}

/** Everything the dashboard, `/metrics` and `status` show, read from the running parts. */
export function daemonStatus(p: StatusParts): DashboardStatus {
  const engine = p.engine;
  const queues = p.enforcement.queues;
  const a = p.alerts.queue?.stats;
  const trip = engine.breaker.tripped;
  return {
    now: new Date(p.nowMs).toISOString(),
    startedAt: new Date(p.startedAtMs).toISOString(),
    engine: engine.view(10),
    counters: engine.stats(),
    series: p.history.list(),
    bans: {
      active: engine.ledger.active,
      listed: banPage(engine.ledger, p.evidence, p.nowMs, 0, p.settings.dashboard.maxBansListed)
        .rows,
    },
    enforcement: {
      backends: p.enforcement.enforcers.map((e) => e.backend),
      dryRun: p.dryRun,
      fill: p.fill,
      queueDepth: queues.reduce((n, q) => n + q.depth, 0),
      failures: queues.reduce((n, q) => n + q.stats.failed, 0),
      selftest: p.selftest ?? null,
      problems: p.problems,
    },
    breaker: {
      tripped: trip ?? null,
      held: engine.breaker.held,
      throttledBans: engine.breaker.throttledBans,
      autoResets: engine.breaker.autoResets,
    },
    alerts: {
      enabled: p.alerts.queue !== undefined,
      webhook: p.alerts.webhook,
      sent: a?.sent ?? 0,
      failed: a?.failed ?? 0,
      dropped: a?.dropped ?? 0,
      coalesced: a?.coalesced ?? 0,
      queued: p.alerts.queue?.depth ?? 0,
    },
    process: p.usage,
  };
}
