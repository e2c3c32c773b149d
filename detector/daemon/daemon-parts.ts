import type { DetectorSettings } from "../../core/detector-settings";
import { EvidenceStore } from "../audit/evidence-store";
import { ProcessUsageSampler } from "../dashboard/process-usage";
import { RateHistory } from "../dashboard/rate-history";
import { StateStore } from "../state/state-store";
import type { DaemonDeps } from "./daemon-deps";

/**
 * What the daemon builds once and keeps for its whole life: a reload never replaces these. The one
 * StateStore lives here, so every state file (bans, offset, evidence, audit, self-test, control
 * socket) stays in the directory the daemon started with.
 */
export interface DaemonParts {
  readonly deps: DaemonDeps;
  readonly store: StateStore;
  readonly evidence: EvidenceStore;
  readonly history: RateHistory;
  readonly usage: ProcessUsageSampler;
  /** Problems shown on the status (a dashboard port it could not take). */
  readonly problems: string[];
  readonly startedAtMs: number;
}

/** Prepares the state directory and loads the evidence: the start of a daemon's life. */
export function buildDaemonParts(settings: DetectorSettings, deps: DaemonDeps): DaemonParts {
  const store = new StateStore(settings.stateDir);
  store.prepare();
  const evidence = new EvidenceStore(store.file("evidence.json"), settings.audit.evidenceKept);
  const problem = evidence.load();
  if (problem !== undefined) deps.out.log("warn", "evidence file unusable", { problem });
  return Object.freeze({
    deps,
    store,
    evidence,
    history: new RateHistory(settings.dashboard.historyMinutes * 60),
    usage: new ProcessUsageSampler(),
    problems: [],
    startedAtMs: deps.clock.now(),
  });
}
