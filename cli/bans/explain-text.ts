import type { Explain } from "./ban-answers";
import { alignColumns, evidenceSummary, shortLeft, shortTime } from "./ban-table";

interface HistoryDecision {
  rule?: string;
  actor?: string;
  operator?: { actor?: string; reason?: string | null };
  durationSeconds?: number | null;
}

/** One audit record as a history line: time, event, rule and who acted. */
function historyCells(record: Record<string, unknown>): string[] {
  const d = (record.decision ?? {}) as HistoryDecision;
  const actor = d.actor ?? d.operator?.actor;
  const what = [
    d.rule ?? "",
    actor === undefined ? "" : `by ${actor}`,
    d.operator?.reason ? `(${d.operator.reason})` : "",
  ]
    .filter((s) => s !== "")
    .join(" ");
  const time = typeof record.time === "string" ? shortTime(record.time) : "?";
  return [time, String(record.event ?? "?"), what];
}

/** `swiftdeploy explain ADDR`: the ban and its why, the offender's record, its audit history. */
export function renderExplain(report: Explain): string {
  const out: string[] = [];
  if (report.daemon !== undefined) out.push(`note: the detector's daemon is ${report.daemon}`);
  const b = report.banned;
  if (b === null) out.push(`${report.ip}: not banned`);
  else {
    const until =
      b.until === null
        ? "permanently"
        : `until ${shortTime(b.until)} (${shortLeft(b.secondsLeft ?? 0)} left)`;
    out.push(`${report.ip}: banned since ${shortTime(b.bannedAt)} ${until}`);
    out.push(`  rule      ${b.rule ?? "?"} (step ${b.step}), enforced by ${b.enforcedBy ?? "?"}`);
    out.push(`  evidence  ${evidenceSummary(b)}`);
  }
  const o = report.offender;
  if (o !== null) {
    const released = o.releasedAt === null ? "" : `, last released ${shortTime(o.releasedAt)}`;
    out.push(
      `  record    step ${o.step} (${o.effectiveStep} after decay), last offence ${shortTime(o.lastOffenceAt)}${released}`,
    );
  } else if (b === null) out.push("  record    no offence on record");
  const own = report.ownHistory;
  if (own === null) out.push("  normal    no own history yet");
  else if (own !== undefined) {
    const figures = `${own.mean} ± ${own.stddev} req/s when active (${own.snapshots} snapshots)`;
    const limits =
      own.limitRps === null
        ? `judged by its own history after ${own.minSnapshots}; the site's limit ${own.siteLimitRps} req/s`
        : `own limit ${own.limitRps} req/s, the site's ${own.siteLimitRps} req/s`;
    out.push(`  normal    ${figures}; ${limits}`);
  }
  if (report.history.length === 0) out.push("history: none in the audit log");
  else {
    out.push("history (oldest first):");
    out.push(...alignColumns(report.history.map(historyCells)).map((l) => `  ${l}`));
  }
  return out.join("\n");
}
