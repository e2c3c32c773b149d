import type { HistoryRecord } from "../history/history-record";
import { describeRelease } from "../release/release-view";
import { describeStats } from "../shell/format";

/** One row of the report's timeline. */
export interface TimelineEntry {
  readonly at: string;
  readonly event: string;
  readonly details: string;
  readonly actor: string;
}

const CHECK_EVENT = {
  promote: "promotion allowed",
  hold: "promotion held",
  fail: "promotion refused",
  error: "promotion refused (no decision)",
} as const;

function entry(record: HistoryRecord, event: string, details: string): TimelineEntry {
  return { at: record.at, event, details, actor: record.actor };
}

/**
 * The timeline from the history: release changes (mode changes, promotions, rollbacks), promotion
 * checks with OPA's reasons and the measured values, chaos, failed updates, and the modes `status`
 * observed when they changed. Oldest first.
 */
export function buildTimeline(records: readonly HistoryRecord[]): TimelineEntry[] {
  const rows: TimelineEntry[] = [];
  let observed: string | undefined;
  for (const record of [...records].sort((a, b) => a.at.localeCompare(b.at))) {
    switch (record.kind) {
      case "release": {
        const event = {
          "canary-start": "mode change: canary started",
          "canary-weight": "mode change: canary weight",
          promote: "promoted",
          rollback: "rolled back",
        }[record.action];
        const failed =
          record.result === "failed"
            ? ` — UPDATE FAILED: ${record.error?.split("\n")[0] ?? ""}`
            : "";
        rows.push(
          entry(
            record,
            event,
            `${describeRelease(record.before)} → ${describeRelease(record.after)}; ${record.reason}${failed}`,
          ),
        );
        break;
      }
      case "promotion-check": {
        const reasons =
          record.decision.reasons.length > 0 ? `${record.decision.reasons.join("; ")}. ` : "";
        const measured = `canary ${record.canaryVersion}: ${describeStats(record.canary)}${record.stable ? `; stable ${record.stableVersion}: ${describeStats(record.stable)}` : ""}`;
        rows.push(
          entry(
            record,
            `${CHECK_EVENT[record.outcome]}${record.mode === "watch" ? " (watch)" : ""}`,
            `${reasons}Measured ${measured}`,
          ),
        );
        break;
      }
      case "chaos":
        rows.push(entry(record, "chaos", `${record.container}: ${record.state}`));
        break;
      case "deploy":
        if (record.result === "failed") {
          const why = [...record.policyViolations, ...record.errors]
            .map((l) => l.split("\n")[0])
            .join("; ");
          rows.push(
            entry(record, `pulumi ${record.operation} failed`, `${record.purpose}: ${why}`),
          );
        } else if (record.operation !== "preview") {
          rows.push(
            entry(
              record,
              `pulumi ${record.operation}`,
              `${record.purpose}: ${Object.entries(record.changes)
                .map(([k, v]) => `${v} ${k}`)
                .join(", ")} in ${Math.round(record.durationMs / 1000)} s`,
            ),
          );
        }
        break;
      case "status":
        if (record.mode !== observed) {
          if (observed !== undefined)
            rows.push(entry(record, "mode observed", `${observed} → ${record.mode}`));
          observed = record.mode;
        }
        break;
    }
  }
  return rows;
}
