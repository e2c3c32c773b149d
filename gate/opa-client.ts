import { ErrorCode, SwiftDeployError } from "../core/errors";

/** The decisions SwiftDeploy asks OPA for: `data.<path with dots>`, POST /v1/data/<path>. */
export const OpaDecisionPath = {
  Infrastructure: "swiftdeploy/infrastructure/decision",
  Canary: "swiftdeploy/canary/decision",
} as const;
export type OpaDecisionPath = (typeof OpaDecisionPath)[keyof typeof OpaDecisionPath];

/** Why a query produced no decision from the policy itself; the decision then denies. */
export const OpaFailure = {
  Unreachable: "unreachable",
  Timeout: "timeout",
  HttpError: "http-error",
  NoDecision: "no-decision",
  Malformed: "malformed",
} as const;
export type OpaFailure = (typeof OpaFailure)[keyof typeof OpaFailure];

/** OPA's answer, or the deny that stands in for it when OPA could not give one. */
export interface PolicyDecision {
  readonly allow: boolean;
  /** Human-readable, one per failed rule (or one saying why OPA gave no answer). */
  readonly reasons: readonly string[];
  /** The decision document as OPA returned it (measured values, thresholds), for the audit log. */
  readonly document: Readonly<Record<string, unknown>>;
  /** Set when OPA gave no usable answer; `allow` is then false. */
  readonly failure?: OpaFailure;
}

/** Asks OPA for a decision. Implementations never throw: a failure is a deny with a reason. */
export interface OpaClient {
  queryDecision(path: string, input: unknown): Promise<PolicyDecision>;
}

/** A deny that stands in for an answer OPA could not give. */
export function failedDecision(failure: OpaFailure, reason: string): PolicyDecision {
  return { allow: false, reasons: [reason], document: {}, failure };
}

/**
 * The error to fail a deploy or promotion with, or undefined when the decision allows. `action`
 * says what was refused ("deploy onto host1", "promote canary 1.2.0").
 */
export function decisionError(
  decision: PolicyDecision,
  action: string,
): SwiftDeployError | undefined {
  if (decision.allow) return undefined;
  return decision.failure !== undefined
    ? new SwiftDeployError(
        ErrorCode.PolicyUnreachable,
        `OPA gave no decision, so ${action} is refused:`,
        decision.reasons,
      )
    : new SwiftDeployError(ErrorCode.PolicyDenied, `OPA denied ${action}:`, decision.reasons);
}
