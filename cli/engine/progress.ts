import type { EngineEvent } from "@pulumi/pulumi/automation";
import { isStandIn } from "./stand-ins";

const DONE: Record<string, string> = {
  create: "created",
  update: "updated",
  delete: "deleted",
  replace: "replaced",
  "create-replacement": "created replacement",
  "delete-replaced": "deleted old",
};

// The engine says this on every operation for each plugin it takes from PATH instead of the official
// install; here that is usually a stand-in (a folder scripts/env.sh declared), which the operator
// must know about, once.
const FROM_PATH = /^using (pulumi-[\w-]+) from \$PATH at (\S+)/;

/** What an operation said that the final error message should repeat. */
export interface ProgressFindings {
  readonly errors: string[];
  readonly policyViolations: string[];
}

/** The resource name at the end of a URN. */
export function urnName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function firstLine(text: string, max = 200): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Turns the engine's event stream into concise progress lines (one per finished resource change,
 * warning, error and policy violation, and a summary) and keeps errors and violations for the
 * final message.
 */
export class ProgressReporter {
  readonly findings: ProgressFindings = { errors: [], policyViolations: [] };

  /**
   * `shownOnce` holds the once-per-run notices already printed: share one set between the
   * reporters of one CLI run.
   */
  constructor(
    private readonly print: (line: string) => void,
    private readonly elapsed: () => number,
    private readonly shownOnce: Set<string> = new Set(),
    /** The declared stand-in folders (`standInDirs`): their plugins are marked as stand-ins. */
    private readonly standIns: readonly string[] = [],
  ) {}

  private emit(line: string): void {
    this.print(`[${String(Math.round(this.elapsed() / 1000)).padStart(3)} s] ${line}`);
  }

  /** Handles one engine event (pass as `onEvent`). */
  onEvent(event: EngineEvent): void {
    const done = event.resOutputsEvent;
    if (done !== undefined && !done.planning) {
      const verb = DONE[done.metadata.op];
      const custom = (done.metadata.new ?? done.metadata.old)?.custom === true;
      if (verb !== undefined && custom)
        this.emit(`${verb} ${done.metadata.type} ${urnName(done.metadata.urn)}`);
    }
    const failed = event.resOpFailedEvent;
    if (failed !== undefined) {
      this.emit(
        `failed ${failed.metadata.op} ${failed.metadata.type} ${urnName(failed.metadata.urn)}`,
      );
    }
    const diag = event.diagnosticEvent;
    if (diag !== undefined && (diag.severity === "error" || diag.severity === "warning")) {
      const message = diag.message.trim();
      const fromPath = FROM_PATH.exec(message);
      if (fromPath !== null) {
        this.onPluginFromPath(fromPath[1] as string, fromPath[2] as string, message);
      } else {
        const where = diag.urn === undefined ? "" : ` (${urnName(diag.urn)})`;
        this.emit(`${diag.severity}${where}: ${firstLine(message)}`);
        if (diag.severity === "error") this.findings.errors.push(`${message}${where}`);
      }
    }
    if (diag?.severity === "info" && diag.message.startsWith("deploy gate:")) {
      this.emit(firstLine(diag.message, 120));
    }
    const policy = event.policyEvent;
    if (policy !== undefined) {
      const line = `[${policy.enforcementLevel}] ${policy.policyName}${
        policy.resourceUrn === undefined ? "" : ` (${urnName(policy.resourceUrn)})`
      }: ${firstLine(policy.message.split("\n").slice(-1)[0] ?? policy.message)}`;
      this.emit(`policy ${line}`);
      if (policy.enforcementLevel === "mandatory") this.findings.policyViolations.push(line);
    }
    const summary = event.summaryEvent;
    if (summary !== undefined) this.emit(`done: ${describeChanges(summary.resourceChanges)}`);
  }

  private onPluginFromPath(plugin: string, file: string, message: string): void {
    if (this.shownOnce.has(plugin)) return;
    this.shownOnce.add(plugin);
    const standIn = isStandIn(file, this.standIns)
      ? " (a SwiftDeploy stand-in, not the official plugin)"
      : "";
    this.emit(`warning: ${firstLine(message)}${standIn}`);
  }
}

/** "2 created, 1 updated, 30 unchanged" from an operation's change counts. */
export function describeChanges(changes: Readonly<Record<string, number | undefined>>): string {
  const names: Record<string, string> = {
    create: "created",
    update: "updated",
    replace: "replaced",
    delete: "deleted",
    same: "unchanged",
  };
  const parts = Object.entries(changes)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([op, count]) => `${count} ${names[op] ?? op}`);
  return parts.length === 0 ? "no changes" : parts.join(", ");
}
