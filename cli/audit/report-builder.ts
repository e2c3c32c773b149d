import type { HistoryRecord } from "../history/history-record";
import { millis, percent, perSecond } from "../shell/format";
import type { DetectorEvent } from "./detector-audit";
import { downsample, metricPoints, seriesOf } from "./metric-series";
import { lineChart } from "./svg-chart";
import { buildTimeline } from "./timeline";

/** One update from the engine's own history (`pulumi stack history`). */
export interface EngineUpdate {
  readonly version: number;
  readonly kind: string;
  readonly result: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly message: string;
  readonly changes: Readonly<Record<string, number>>;
}

/** Everything the report is built from; a source that could not be read says why. */
export interface AuditSources {
  readonly stack: string;
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly history: {
    readonly file: string;
    readonly records: readonly HistoryRecord[];
    readonly skipped: number;
  };
  readonly detector: {
    readonly file: string;
    readonly events: readonly DetectorEvent[];
    readonly skipped: number;
    readonly error: string | null;
  };
  readonly updates: { readonly records: readonly EngineUpdate[]; readonly error: string | null };
}

/** One chart of the report, written beside it as `file` (a name in the report's folder). */
export interface AuditChart {
  readonly file: string;
  readonly title: string;
  readonly svg: string;
}

/**
 * The report and its charts. GitHub strips SVG inlined in Markdown, so each chart is its own .svg
 * file beside the report, which links it as an image.
 */
export interface AuditReport {
  readonly markdown: string;
  readonly charts: readonly AuditChart[];
}

/** The chart files of a report named `<base>.md`: `<base>-error-rate.svg`, `<base>-p99.svg`. */
export function chartFileNames(reportBase: string): { errorRate: string; p99: string } {
  return { errorRate: `${reportBase}-error-rate.svg`, p99: `${reportBase}-p99.svg` };
}

/** A Markdown table cell: one line, no pipes. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ];
}

function time(at: string): string {
  return at.replace("T", " ").replace(/\.\d+Z$/, "Z");
}

function chartLink(chart: AuditChart): string {
  return `![${chart.title}](${encodeURIComponent(chart.file)})`;
}

function metricsSection(
  records: readonly HistoryRecord[],
  reportBase: string,
): { lines: string[]; charts: AuditChart[] } {
  const points = metricPoints(records);
  if (points.length === 0)
    return {
      lines: ["No measurements yet: run `swiftdeploy status` or `swiftdeploy promote`."],
      charts: [],
    };
  const files = chartFileNames(reportBase);
  const chart = (file: string, spec: Parameters<typeof lineChart>[0]): AuditChart => ({
    file,
    title: spec.title,
    svg: `${lineChart(spec)}\n`,
  });
  const errorChart = chart(files.errorRate, {
    title: "5xx error rate by version",
    series: seriesOf(points, (s) => (s.errorRate === null ? null : s.errorRate * 100)),
    format: (v) => `${Math.round(v * 10) / 10} %`,
  });
  const p99Chart = chart(files.p99, {
    title: "p99 latency by version",
    series: seriesOf(points, (s) => s.p99Ms),
    format: (v) => (v >= 10 ? `${Math.round(v)} ms` : `${Math.round(v * 10) / 10} ms`),
  });
  const rows = downsample(points, 40).map((p) => [
    time(p.at),
    p.label,
    p.source,
    `${Math.round(p.stats.windowSeconds)} s`,
    String(p.stats.requests),
    perSecond(p.stats.requestRate),
    percent(p.stats.errorRate),
    millis(p.stats.p99Ms),
  ]);
  return {
    lines: [
      chartLink(errorChart),
      "",
      chartLink(p99Chart),
      "",
      `${points.length} measured windows${points.length > 40 ? " (40 shown, evenly spread)" : ""}:`,
      "",
      ...table(
        ["time (UTC)", "version", "source", "window", "requests", "rate", "5xx", "p99"],
        rows,
      ),
    ],
    charts: [errorChart, p99Chart],
  };
}

function violationsSection(records: readonly HistoryRecord[]): string[] {
  const rows: string[][] = [];
  for (const r of records) {
    if (r.kind === "promotion-check" && r.outcome === "fail") {
      for (const reason of r.decision.reasons)
        rows.push([time(r.at), `OPA canary policy (promote ${r.canaryVersion})`, reason, r.actor]);
    }
    if (r.kind === "deploy") {
      for (const v of r.policyViolations)
        rows.push([time(r.at), `CrossGuard (${r.purpose})`, v, r.actor]);
      for (const e of r.errors.filter((e) => /OPA (denied|gave no decision)/.test(e))) {
        rows.push([
          time(r.at),
          `OPA deploy gate (${r.purpose})`,
          e.split("\n").slice(0, 3).join(" "),
          r.actor,
        ]);
      }
    }
  }
  return rows.length === 0
    ? ["None recorded."]
    : table(["time (UTC)", "policy", "violation", "by"], rows);
}

function bansSection(detector: AuditSources["detector"]): string[] {
  if (detector.error !== null)
    return [`The detector's audit log (${detector.file}) could not be read: ${detector.error}`];
  const bans = detector.events.filter(
    (e) => e.event === "ban" || e.event === "unban" || e.event === "lift",
  );
  const banCount = detector.events.filter((e) => e.event === "ban").length;
  const unbanCount = detector.events.filter((e) => e.event === "unban").length;
  const summary = `Bans: ${banCount}, unbans: ${unbanCount}, in ${detector.file} (${detector.events.length} events).`;
  if (bans.length === 0) return [summary];
  const rows = bans.map((e) => [
    time(e.time),
    e.event,
    e.ip ?? "–",
    e.rule ?? "–",
    e.step === null ? "–" : String(e.step),
    e.rate === null ? "–" : perSecond(e.rate),
    e.until === null ? (e.event === "ban" ? "permanent" : "–") : time(e.until),
    e.actor ?? "–",
  ]);
  return [
    summary,
    "",
    ...table(["time (UTC)", "event", "address", "rule", "step", "rate", "until", "by"], rows),
  ];
}

function updatesSection(updates: AuditSources["updates"]): string[] {
  if (updates.error !== null)
    return [`The engine's update history could not be read: ${updates.error}`];
  if (updates.records.length === 0) return ["No updates yet."];
  const rows = [...updates.records]
    .sort((a, b) => a.version - b.version)
    .map((u) => [
      String(u.version),
      u.kind,
      u.result,
      time(u.startTime),
      `${Math.round((Date.parse(u.endTime) - Date.parse(u.startTime)) / 1000)} s`,
      Object.entries(u.changes)
        .map(([k, v]) => `${v} ${k}`)
        .join(", "),
      u.message,
    ]);
  return table(["#", "kind", "result", "started (UTC)", "took", "changes", "message"], rows);
}

/**
 * The audit report (Markdown linking its SVG charts) from the history, the detector's log and the
 * engine's history; `reportBase` is the report's file name without `.md`, which names the charts.
 */
export function buildAuditReport(sources: AuditSources, reportBase = "audit_report"): AuditReport {
  const { records } = sources.history;
  const metrics = metricsSection(records, reportBase);
  const timeline = buildTimeline(records);
  const checks = (outcome: string) =>
    records.filter((r) => r.kind === "promotion-check" && r.outcome === outcome).length;
  const releases = (action: string) =>
    records.filter((r) => r.kind === "release" && r.action === action && r.result === "succeeded")
      .length;
  const kinds = (kind: string) => records.filter((r) => r.kind === kind).length;
  const lines = [
    `# SwiftDeploy audit report — stack ${sources.stack}`,
    "",
    `Generated ${time(sources.generatedAt)} by ${sources.generatedBy}.`,
    "",
    `Sources: ${sources.history.file} (${records.length} records${sources.history.skipped > 0 ? `, ${sources.history.skipped} unreadable lines skipped` : ""}); the detector's audit log ${sources.detector.error === null ? `(${sources.detector.events.length} events)` : "(unavailable)"}; the Pulumi update history ${sources.updates.error === null ? `(${sources.updates.records.length} updates)` : "(unavailable)"}.`,
    "",
    "## Summary",
    "",
    `- Promotions: ${releases("promote")} · refused checks: ${checks("fail")} · held checks: ${checks("hold")} · rollback steps: ${releases("rollback")}`,
    `- Chaos requests: ${kinds("chaos")} · status scrapes: ${kinds("status")} · engine operations: ${kinds("deploy")}`,
    `- Bans: ${sources.detector.events.filter((e) => e.event === "ban").length}`,
    "",
    "## Timeline",
    "",
    ...(timeline.length === 0
      ? ["Nothing recorded yet."]
      : table(
          ["time (UTC)", "event", "details", "by"],
          timeline.map((t) => [time(t.at), t.event, t.details, t.actor]),
        )),
    "",
    "## Error rate and p99 over time",
    "",
    ...metrics.lines,
    "",
    "## Policy violations",
    "",
    ...violationsSection(records),
    "",
    "## Bans",
    "",
    ...bansSection(sources.detector),
    "",
    "## Deploy history (Pulumi)",
    "",
    ...updatesSection(sources.updates),
    "",
  ];
  return { markdown: lines.join("\n"), charts: metrics.charts };
}
