import type { EvidenceStore } from "../audit/evidence-store";
import type { BanLedger, Offender } from "../decide/ban-ledger";
import type { BanRow } from "../dashboard/dashboard-status";

/** One current ban as the dashboard and `explain` show it. */
export function banRow(o: Offender, evidence: EvidenceStore, nowMs: number): BanRow {
  const record = evidence.get(o.ip);
  const permanent = !Number.isFinite(o.untilMs);
  return {
    ip: o.ip,
    rule: record?.decision.rule ?? null,
    step: o.step,
    bannedAt: new Date(o.bannedAtMs).toISOString(),
    until: permanent ? null : new Date(o.untilMs).toISOString(),
    secondsLeft: permanent ? null : Math.max(0, Math.ceil((o.untilMs - nowMs) / 1000)),
    enforcedBy: record?.enforcedBy ?? null,
    decision: record?.decision ?? null,
  };
}

/** Bans in force, most recently banned first. */
export function activeBans(ledger: BanLedger): Offender[] {
  return ledger
    .list()
    .filter((o) => o.untilMs !== 0)
    .sort((a, b) => b.bannedAtMs - a.bannedAtMs);
}

/** A page of current bans (optionally permanent ones only). */
export function banPage(
  ledger: BanLedger,
  evidence: EvidenceStore,
  nowMs: number,
  offset: number,
  limit: number,
  permanentOnly = false,
): { total: number; rows: BanRow[] } {
  const all = activeBans(ledger).filter((o) => !permanentOnly || !Number.isFinite(o.untilMs));
  return {
    total: all.length,
    rows: all.slice(offset, offset + limit).map((o) => banRow(o, evidence, nowMs)),
  };
}
