import type { DetectorSettings } from "../../core/detector-settings";
import { readAudit } from "../audit/audit-log";
import type { EvidenceStore } from "../audit/evidence-store";
import type { BanLedger } from "../decide/ban-ledger";
import { canonicalKey } from "../enforce/ban-key";
import { banKeyOf } from "../enforce/ban-key";
import { banRow } from "./ban-rows";
import type { OwnHistoryView } from "../engine/engine-view";
import type { ExplainReport } from "./control-actions";

/** Audit records kept in an explanation. */
const HISTORY = 20;

/**
 * The ledger key an operator's address stands for: the address itself when the ledger knows it,
 * else the prefix it is counted under.
 */
export function resolveBanKey(
  ip: string,
  ledger: BanLedger,
  s: Pick<DetectorSettings, "ipv4Prefix" | "ipv6Prefix">,
): string {
  const exact = canonicalKey(ip)?.key ?? ip;
  if (ledger.get(exact) !== undefined) return exact;
  return banKeyOf(exact, s.ipv4Prefix, s.ipv6Prefix) ?? exact;
}

/** `explain`'s answer for a key, read from the ledger, the evidence and the audit log. */
export function explainReport(
  key: string,
  ledger: BanLedger,
  evidence: EvidenceStore,
  auditFile: string,
  nowMs: number,
  ownHistory?: OwnHistoryView | null,
): ExplainReport {
  const o = ledger.get(key);
  return {
    ip: key,
    banned: o !== undefined && o.untilMs !== 0 ? banRow(o, evidence, nowMs) : null,
    offender:
      o === undefined
        ? null
        : {
            step: o.step,
            effectiveStep: ledger.effectiveStep(o, nowMs),
            lastOffenceAt: new Date(o.lastOffenceMs).toISOString(),
            releasedAt: o.releasedMs === 0 ? null : new Date(o.releasedMs).toISOString(),
          },
    history: readAudit(auditFile, 1)
      .filter((r) => (r.decision as { ip?: string } | undefined)?.ip === key)
      .slice(-HISTORY),
    ...(ownHistory === undefined ? {} : { ownHistory }),
  };
}
