import type { BanPage, BanRow } from "./ban-answers";

const HEADER = ["ADDRESS", "RULE", "SINCE", "UNTIL", "STEP", "EVIDENCE"] as const;

/** "2026-12-06T02:30:00.000Z" → "2026-12-06 02:30:00Z". */
export function shortTime(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$/, "Z");
}

/** "9m58s", "1h05m", "2d03h". */
export function shortLeft(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  if (s < 86_400)
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  return `${Math.floor(s / 86_400)}d${String(Math.floor((s % 86_400) / 3600)).padStart(2, "0")}h`;
}

/** The one-line why of a ban: who banned it by hand, or the rate it was judged on. */
export function evidenceSummary(row: BanRow): string {
  const d = row.decision;
  if (d === null) return "(evidence not kept: see the audit log)";
  if (d.operator !== undefined)
    return `by ${d.operator.actor}${d.operator.reason === null ? "" : `: ${d.operator.reason}`}`;
  const e = d.evidence;
  if (e?.rate === undefined) return "";
  const errors =
    e.errorShare !== undefined && e.errorShare > 0
      ? `, ${Math.round(e.errorShare * 100)}% errors`
      : "";
  return `${e.rate} req/s, ${e.requests ?? "?"} requests in ${e.windowSeconds ?? "?"} s${errors}, z ${e.zScore ?? "?"}`;
}

function untilCell(row: BanRow): string {
  if (row.until === null) return "permanent";
  return `${shortTime(row.until)} (${shortLeft(row.secondsLeft ?? 0)} left)`;
}

/** The cells of one row. */
export function banCells(row: BanRow): string[] {
  return [
    row.ip,
    row.rule ?? "?",
    shortTime(row.bannedAt),
    untilCell(row),
    String(row.step),
    evidenceSummary(row),
  ];
}

/** Left-aligned columns two spaces apart; the last column is not padded. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/** `swiftdeploy bans`: a header, one line per ban and a count; a note when the daemon is stopped. */
export function renderBanTable(page: BanPage): string {
  const note = page.daemon === undefined ? [] : [`note: the detector's daemon is ${page.daemon}`];
  if (page.rows.length === 0) return [...note, "no bans in force"].join("\n");
  const lines = alignColumns([[...HEADER], ...page.rows.map(banCells)]);
  const count =
    page.total > page.rows.length
      ? `${page.rows.length} of ${page.total} bans shown`
      : `${page.total} ban${page.total === 1 ? "" : "s"}`;
  return [...note, ...lines, count].join("\n");
}
