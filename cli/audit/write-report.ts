import { rmSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../../core/atomic-file";
import type { AuditReport } from "./report-builder";
import { chartFileNames } from "./report-builder";

/** The file name a report at `out` gives its charts: its name without `.md`. */
export function reportBase(out: string): string {
  return path.basename(out).replace(/\.md$/i, "");
}

/**
 * Writes the charts beside `out`, then the report (each atomically), and removes the chart files of
 * an earlier run that this report does not link. Returns the files written, the report first.
 */
export function writeAuditReport(out: string, report: AuditReport): string[] {
  const dir = path.dirname(out);
  const charts = report.charts.map((chart) => {
    const file = path.join(dir, chart.file);
    writeFileAtomic(file, chart.svg);
    return file;
  });
  // A report without measurements links no chart: an older run's charts would only mislead.
  for (const name of Object.values(chartFileNames(reportBase(out)))) {
    const file = path.join(dir, name);
    if (!charts.includes(file)) rmSync(file, { force: true });
  }
  writeFileAtomic(out, report.markdown);
  return [out, ...charts];
}
