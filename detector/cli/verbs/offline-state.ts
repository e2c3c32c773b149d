import type { DetectorSettings } from "../../../core/detector-settings";
import { EvidenceStore } from "../../audit/evidence-store";
import { BanLedger } from "../../decide/ban-ledger";
import type { StateStore } from "../../state/state-store";

/** The daemon's saved bans and evidence, for verbs run while it is stopped. */
export interface OfflineState {
  readonly ledger: BanLedger;
  readonly evidence: EvidenceStore;
  readonly breaker: unknown;
  readonly problems: readonly string[];
}

/** Reads the state directory (nothing is written). */
export function readOfflineState(settings: DetectorSettings, store: StateStore): OfflineState {
  const saved = store.load();
  const ledger = new BanLedger(settings.bans);
  ledger.load(saved.bans);
  const evidence = new EvidenceStore(store.file("evidence.json"), settings.audit.evidenceKept);
  const problem = evidence.load();
  return {
    ledger,
    evidence,
    breaker: saved.breaker,
    problems: [...saved.problems, ...(problem === undefined ? [] : [problem])],
  };
}
