import type { EdgeWindows, OpaClient, PolicyDecision, ScrapePair } from "../../gate";
import { buildCanaryInput, OpaDecisionPath } from "../../gate";
import { statsBetween, windowStats } from "../analysis/window-stats";
import type { CheckRecord, RecordedDecision, WindowStats } from "../history/history-record";

/** What one check concluded. */
export type CheckOutcome = CheckRecord["outcome"];

/** One promotion check: the measured windows, OPA's decision, and what it means. */
export interface CheckResult {
  readonly outcome: CheckOutcome;
  readonly canary: WindowStats;
  readonly stable: WindowStats | null;
  /** Each version as Nginx saw it; null where the access log was not read. */
  readonly edge: { readonly canary: WindowStats; readonly stable: WindowStats } | null;
  readonly decision: PolicyDecision;
  readonly recorded: RecordedDecision;
  readonly thresholds: Record<string, unknown>;
}

/**
 * promote when OPA allows; error when OPA gave no decision; hold when it holds for lack of data
 * (too few requests, too short a window: not a failed check); fail otherwise.
 */
export function classifyDecision(decision: PolicyDecision): CheckOutcome {
  if (decision.failure !== undefined) return "error";
  if (decision.allow) return "promote";
  const verdict = decision.document.verdict;
  if (verdict === "hold") return "hold";
  if (verdict === undefined && decision.document.insufficient_data === true) return "hold";
  return "fail";
}

/** The decision as the history keeps it. */
export function recordDecision(decision: PolicyDecision, outcome: CheckOutcome): RecordedDecision {
  const verdict =
    typeof decision.document.verdict === "string" ? decision.document.verdict : outcome;
  return {
    allow: decision.allow,
    verdict: outcome === "error" ? "error" : verdict,
    reasons: [...decision.reasons],
    ...(decision.failure === undefined ? {} : { failure: decision.failure }),
  };
}

/**
 * Asks OPA's canary policy about the windows between the scrape pairs, and Nginx's view of the
 * same window (`edge`) when it was read.
 */
export async function checkCanary(
  opa: OpaClient,
  pairs: { readonly canary: ScrapePair; readonly stable?: ScrapePair },
  edge: EdgeWindows | null = null,
): Promise<CheckResult> {
  const apis = buildCanaryInput(pairs);
  const input =
    edge === null ? apis : { ...apis, edge: { canary: edge.canary, stable: edge.stable } };
  const decision = await opa.queryDecision(OpaDecisionPath.Canary, input);
  const outcome = classifyDecision(decision);
  const thresholds = decision.document.thresholds;
  return {
    outcome,
    canary: statsBetween(pairs.canary),
    stable: pairs.stable === undefined ? null : statsBetween(pairs.stable),
    edge:
      edge === null
        ? null
        : {
            canary: windowStats(edge.canary, apis.window_seconds),
            stable: windowStats(edge.stable, apis.window_seconds),
          },
    decision,
    recorded: recordDecision(decision, outcome),
    thresholds:
      thresholds !== null && typeof thresholds === "object"
        ? (thresholds as Record<string, unknown>)
        : {},
  };
}
