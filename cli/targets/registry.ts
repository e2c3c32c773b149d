import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { DeployTarget } from "../../core/stack-config";
import { StackConfigSchema } from "../../core/stack-config";
import type { CliContext } from "../context";
import type { StackOutputs } from "../engine/stack-outputs";
import { stackConfigValues } from "../stack-manifest";
import { dockerLiveTarget } from "./docker-target";
import { kubernetesLiveTarget } from "./kubernetes-target";
import type { LiveTarget, TargetFeature } from "./live-target";

/** Each deploy target's CLI side, by its `swiftdeploy:target` name: the only place one is chosen. */
export const LIVE_TARGETS: Readonly<Record<DeployTarget, LiveTarget>> = {
  docker: dockerLiveTarget,
  kubernetes: kubernetesLiveTarget,
};

/**
 * The target the stack runs on: what its last update deployed (the output `target`), else what its
 * config asks for (`swiftdeploy:target`, default docker: a stack not deployed yet, or deployed by a
 * program from before the targets).
 */
export function liveTargetOf(
  ctx: Pick<CliContext, "configFile">,
  outputs: Pick<StackOutputs, "target"> = {},
): LiveTarget {
  const configured = stackConfigValues(ctx.configFile)["swiftdeploy:target"];
  const name = outputs.target ?? configured;
  const parsed = StackConfigSchema.shape.target.safeParse(name);
  if (!parsed.success) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `the stack's target ${JSON.stringify(name)} is unknown (${outputs.target === undefined ? "swiftdeploy:target in the stack config" : "the stack output target"})`,
      [`expected one of: ${Object.keys(LIVE_TARGETS).join(", ")}`],
    );
  }
  return LIVE_TARGETS[parsed.data];
}

/** Throws NotOnTarget (exit 14) with the target's reason when it cannot do `feature` yet. */
export function requireFeature(target: LiveTarget, feature: TargetFeature): void {
  const reason = target.notYet[feature];
  if (reason !== undefined) {
    throw new SwiftDeployError(ErrorCode.NotOnTarget, reason, [
      `the stack runs on ${target.name}; docs/kubernetes.md says what works there now`,
    ]);
  }
}
