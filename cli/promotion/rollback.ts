import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { ReleaseView } from "../release/release-view";
import { releaseView } from "../release/release-view";
import type { ReleaseDeps } from "./release-steps";
import { applyReleaseStep } from "./release-steps";

/** How to roll back. */
export interface RollbackOptions {
  /** Why (recorded): the operator's `--reason`, or the watcher's failed checks. */
  readonly reason: string;
  /** Stop after sending all traffic to stable, leaving the canary running for inspection. */
  readonly keepCanary?: boolean;
}

/**
 * Sends all traffic back to stable at once (canary weight 0: only the proxy reloads), then removes
 * the canary (its container is retired). Each step is its own recorded update.
 */
export async function rollbackCanary(
  deps: ReleaseDeps,
  options: RollbackOptions,
): Promise<ReleaseView> {
  let release = releaseView(deps.store.read());
  const canary = release.canary;
  if (canary === null) {
    throw new SwiftDeployError(
      ErrorCode.ReleaseState,
      `there is no canary to roll back (the manifest runs stable ${release.stable} only)`,
    );
  }
  if (canary.weight !== 0) {
    deps.log(`rollback: sending all traffic to stable ${release.stable}`);
    release = await applyReleaseStep(deps, {
      action: "rollback",
      edit: { kind: "set-weight", weight: 0 },
      reason: `${options.reason} (step 1: canary weight 0)`,
      purpose: `rollback: canary ${canary.version} weight 0`,
    });
  }
  if (options.keepCanary === true) return release;
  deps.log(`rollback: removing canary ${canary.version}`);
  return applyReleaseStep(deps, {
    action: "rollback",
    edit: { kind: "remove-canary" },
    reason: `${options.reason} (step 2: canary removed)`,
    purpose: `rollback: remove canary ${canary.version}`,
  });
}
