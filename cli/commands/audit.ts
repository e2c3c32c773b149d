import path from "node:path";
import type { AuditSources, EngineUpdate } from "../audit/report-builder";
import { buildAuditReport } from "../audit/report-builder";
import { reportBase, writeAuditReport } from "../audit/write-report";
import { parseDetectorAudit } from "../audit/detector-audit";
import type { CliContext } from "../context";
import { historyFile } from "../context";
import { AutomationDeployer } from "../engine/automation-deployer";
import { readHistory } from "../history/history-file";
import type { Verb } from "../verb";
import { flag, stringOption } from "../verb";
import { openHistory, releaseStore, withLiveStack } from "../wiring";

function reason(error: unknown): string {
  return (error as Error).message.split("\n")[0] ?? String(error);
}

/** The detector's audit log from where the stack runs; a failure becomes the section's explanation. */
async function detectorSource(ctx: CliContext): Promise<AuditSources["detector"]> {
  const manifest = releaseStore(ctx).read();
  try {
    const fetched = await withLiveStack(ctx, manifest, (live) => live.detectorAudit());
    const parsed = parseDetectorAudit(fetched.lines);
    return { file: fetched.file, ...parsed, error: fetched.error };
  } catch (error) {
    return { file: "(host)", events: [], skipped: 0, error: reason(error) };
  }
}

/** The engine's update history; a failure becomes the section's explanation. */
async function updatesSource(ctx: CliContext): Promise<AuditSources["updates"]> {
  try {
    const updates = await new AutomationDeployer(ctx, openHistory(ctx)).updates();
    const records: EngineUpdate[] = updates.map((u) => ({
      version: u.version,
      kind: u.kind,
      result: u.result,
      startTime: new Date(u.startTime).toISOString(),
      endTime: new Date(u.endTime).toISOString(),
      message: u.message,
      changes: Object.fromEntries(
        Object.entries(u.resourceChanges ?? {}).filter(
          (e): e is [string, number] => typeof e[1] === "number",
        ),
      ),
    }));
    return { records, error: null };
  } catch (error) {
    return { records: [], error: reason(error) };
  }
}

/** `swiftdeploy audit`. */
export const auditVerb: Verb = {
  name: "audit",
  summary:
    "write audit_report.md: timeline, refusals with reasons, error rate and p99 chart, violations, bans",
  usage: `usage: swiftdeploy audit [--out FILE] [--offline] [--stack NAME]

Builds a Markdown report from history.jsonl (every deploy, release change, promotion check with its
measured values, thresholds and OPA's reasons, chaos and status scrape, with who acted), the
detector's audit log (read over SSH from the host; on Kubernetes the detector writes none yet, and
the report says so) and the engine's update history: a timeline of mode changes,
promotions, refusals and rollbacks; 5xx rate and p99 over time (SVG charts, written beside the
report as <name>-error-rate.svg and <name>-p99.svg and linked from it: GitHub strips SVG inlined
in Markdown); policy violations; bans. A source that cannot be read is named in the report, not
fatal. Prints the files it wrote, the report first.

options:
  --out FILE    where to write (default audit_report.md in the project folder; the charts go
                beside it)
  --offline     only history.jsonl: do not contact the host or the engine

examples:
  swiftdeploy audit
  swiftdeploy audit --out /tmp/audit.md --offline`,
  options: { out: { type: "string" }, offline: { type: "boolean" } },
  async run(ctx, args) {
    const out = path.resolve(ctx.projectDir, stringOption(args, "out") ?? "audit_report.md");
    const history = readHistory(historyFile(ctx));
    const offline = flag(args, "offline");
    const skipped = { error: "not read (--offline)" };
    const report = buildAuditReport(
      {
        stack: ctx.stack,
        generatedAt: new Date(ctx.clock.now()).toISOString(),
        generatedBy: ctx.actor,
        history: {
          file: path.basename(historyFile(ctx)),
          records: history.records.filter((r) => r.stack === ctx.stack),
          skipped: history.skipped,
        },
        detector: offline
          ? { file: "(host)", events: [], skipped: 0, ...skipped }
          : await detectorSource(ctx),
        updates: offline ? { records: [], ...skipped } : await updatesSource(ctx),
      },
      reportBase(out),
    );
    ctx.term.out(writeAuditReport(out, report).join("\n"));
    return 0;
  },
};
