import { systemClock } from "../../../core/clock";
import { readAudit } from "../../audit/audit-log";
import { banKeyOf, canonicalKey } from "../../enforce/ban-key";
import type { Output } from "../output";
import type { ExplainReport } from "../service/control-actions";
import { banRow } from "../service/ban-rows";
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
  const exact = canonicalKey(ip)?.key ?? ip;
  const key =
    state.ledger.get(exact) !== undefined
      ? exact
      : (banKeyOf(exact, s.ipv4Prefix, s.ipv6Prefix) ?? exact);
  const o = state.ledger.get(key);
  const now = systemClock.now();
  const report: ExplainReport & { daemon: string } = {
    daemon: "not running (saved state)",
    ip: key,
    banned: o !== undefined && o.untilMs !== 0 ? banRow(o, state.evidence, now) : null,
    offender:
      o === undefined
        ? null
        : {
            step: o.step,
            effectiveStep: state.ledger.effectiveStep(o, now),
            lastOffenceAt: new Date(o.lastOffenceMs).toISOString(),
            releasedAt: o.releasedMs === 0 ? null : new Date(o.releasedMs).toISOString(),
          },
    history: readAudit(s.audit.path ?? ctx.store.file("audit.jsonl"), 1)
      .filter((r) => (r.decision as { ip?: string } | undefined)?.ip === key)
      .slice(-20),
  };
  printResult(report);
  return 0;
}
