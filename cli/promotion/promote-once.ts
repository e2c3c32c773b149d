import type { EdgeWindows } from "../../gate";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import { describeStats } from "../shell/format";
import type { ReleaseView } from "../release/release-view";
import { describeRelease, releaseView } from "../release/release-view";
import type { CheckResult } from "./canary-check";
import { checkCanary } from "./canary-check";
import type { PromotionDeps, WindowPairs } from "./promotion-deps";
import { pairsOf, scrapeTracks } from "./promotion-deps";
import { applyReleaseStep } from "./release-steps";
import { waitOutWindow } from "./measure-window";

/** Seconds between progress reports while a window is measured. */
export const PROGRESS_SECONDS = 5;

/** A promotion that stopped on a check (refused, held, no decision, rolled back): the check says why. */
export class PromotionStopped extends SwiftDeployError {
  constructor(
    code: SwiftDeployError["code"],
    message: string,
    details: readonly string[],
    readonly check: CheckResult,
  ) {
    super(code, message, details);
  }
}

/** A promotion that went ahead. */
export interface PromoteResult {
  readonly check: CheckResult;
  readonly release: ReleaseView;
}

/** The release with its canary, or a ReleaseState error. */
export function releaseWithCanary(
  deps: Pick<PromotionDeps, "store">,
): ReleaseView & { canary: NonNullable<ReleaseView["canary"]> } {
  const release = releaseView(deps.store.read());
  if (release.canary === null) {
    throw new SwiftDeployError(
      ErrorCode.ReleaseState,
      `there is no canary to promote (the manifest runs stable ${release.stable} only)`,
      ["start one first: swiftdeploy canary start <version> --weight 10"],
    );
  }
  return release as ReleaseView & { canary: NonNullable<ReleaseView["canary"]> };
}

/** Nginx's view of the window, when both ends were marked (best effort: a failure is logged). */
async function edgeOf(deps: PromotionDeps, pairs: WindowPairs): Promise<EdgeWindows | null> {
  if (deps.edge === undefined || pairs.edge === undefined) return null;
  try {
    return await deps.edge.windows(pairs.edge.from, pairs.edge.to);
  } catch (error) {
    deps.log(`Nginx's access log not read: ${(error as Error).message.split("\n")[0]}`);
    return null;
  }
}

/** Asks OPA about the windows and records the check (measured values, thresholds, decision). */
export async function recordedCheck(
  deps: PromotionDeps,
  mode: "once" | "watch",
  release: ReleaseView & { canary: NonNullable<ReleaseView["canary"]> },
  pairs: WindowPairs,
): Promise<CheckResult> {
  const check = await checkCanary(deps.opa, pairs, await edgeOf(deps, pairs));
  deps.history.append({
    kind: "promotion-check",
    mode,
    canaryVersion: release.canary.version,
    stableVersion: release.stable,
    canary: check.canary,
    stable: check.stable,
    ...(check.edge === null ? {} : { edge: check.edge }),
    thresholds: check.thresholds,
    decision: check.recorded,
    outcome: check.outcome,
  });
  return check;
}

/** What was measured, for messages: one line per version. */
export function measuredLines(check: CheckResult): string[] {
  return [
    `canary: ${describeStats(check.canary)}`,
    ...(check.stable === null ? [] : [`stable: ${describeStats(check.stable)}`]),
    ...(check.edge === null
      ? []
      : [
          `canary at Nginx: ${describeStats(check.edge.canary)}`,
          `stable at Nginx: ${describeStats(check.edge.stable)}`,
        ]),
  ];
}

/** The error a check that did not allow the promotion ends with; nothing was changed. */
export function refusal(
  check: CheckResult,
  release: ReleaseView & { canary: NonNullable<ReleaseView["canary"]> },
): PromotionStopped {
  const version = release.canary.version;
  const [code, headline] =
    check.outcome === "error"
      ? [
          ErrorCode.PolicyUnreachable,
          `OPA gave no decision, so promoting canary ${version} is refused:`,
        ]
      : check.outcome === "hold"
        ? [
            ErrorCode.PolicyDenied,
            `OPA holds canary ${version} (too little data to judge), so it is not promoted:`,
          ]
        : [ErrorCode.PolicyDenied, `OPA refused to promote canary ${version}:`];
  return new PromotionStopped(
    code,
    headline,
    [
      ...check.decision.reasons,
      ...measuredLines(check),
      `nothing was changed: the stack still runs ${describeRelease(release)}`,
    ],
    check,
  );
}

/** Sets stable to the canary's version, removes the canary, and updates the stack. */
export function promoteCanary(
  deps: PromotionDeps,
  check: CheckResult,
  version: string,
): Promise<ReleaseView> {
  return applyReleaseStep(deps, {
    action: "promote",
    edit: { kind: "promote", version },
    reason: `OPA allowed: ${describeStats(check.canary)}`,
    purpose: `promote ${version}`,
  });
}

/**
 * Measures the canary (and stable) over one analysis window, reporting progress every
 * `progressSeconds` when `deps.progress` listens, asks OPA, and promotes when it allows; otherwise
 * throws OPA's reasons with the measured values, having changed nothing.
 */
export async function promoteOnce(
  deps: PromotionDeps,
  windowSeconds: number,
  progressSeconds = PROGRESS_SECONDS,
): Promise<PromoteResult> {
  const release = releaseWithCanary(deps);
  deps.log(
    `measuring canary ${release.canary.version} and stable ${release.stable} over ${windowSeconds} s`,
  );
  const start = await scrapeTracks(deps);
  await waitOutWindow(deps, start.canary, windowSeconds, progressSeconds);
  const end = await scrapeTracks(deps);
  const check = await recordedCheck(deps, "once", release, pairsOf(start, end));
  if (check.outcome !== "promote") throw refusal(check, release);
  deps.log(`OPA allows the promotion: ${describeStats(check.canary)}`);
  return { check, release: await promoteCanary(deps, check, release.canary.version) };
}
