import { systemClock } from "../../../core/clock";
import { explainReport, resolveBanKey } from "../../control/explain-report";
import type { Output } from "../../io/output";
import { askDaemon } from "./control-verb";
import { readOfflineState } from "./offline-state";
import { printResult, verbContext } from "./verb-context";

/**
 * `explain IP [--config FILE]`: why an address is banned and until when — the rule, its rate and
 * request count, the baseline and thresholds, the escalation step, sample log lines and its audit
 * history. Asks the running daemon, or reads the saved state when it is stopped.
 */
export async function explainVerb(args: string[], out: Output): Promise<number> {
  const ctx = verbContext("explain", args, out, {}, { min: 1, max: 1 });
  const ip = ctx.positionals[0]!;
  const live = await askDaemon(ctx.socket, "GET", `/explain?ip=${encodeURIComponent(ip)}`);
  if (live !== undefined) {
    printResult(live);
    return 0;
  }
  const s = ctx.settings;
  const state = readOfflineState(s, ctx.store);
  const key = resolveBanKey(ip, state.ledger, s);
  const auditFile = s.audit.path ?? ctx.store.file("audit.jsonl");
  printResult({
    daemon: "not running (saved state)",
    ...explainReport(key, state.ledger, state.evidence, auditFile, systemClock.now()),
  });
  return 0;
}
