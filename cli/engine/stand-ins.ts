import { ErrorCode, SwiftDeployError } from "../../core/errors";
import { findExecutable } from "./find-executable";
import { LOCAL_STACKS } from "./passphrase-guard";

/** Set to `1` to deploy a stack other than dev with the sandbox's stand-ins anyway. */
export const ALLOW_STAND_INS = "SWIFTDEPLOY_ALLOW_STANDINS";

/** The plugins the sandbox stands in for that the engine starts for this project's program. */
const STOOD_IN = ["pulumi-language-nodejs", "pulumi-resource-docker", "pulumi-resource-command"];

const STAND_IN_FILE = /\/sandbox\/bin\/[\w-]+\/pulumi-[\w-]+$/;

/** True when a plugin executable is one of the sandbox's stand-ins (sandbox/bin/<piece>/…). */
export function isStandIn(file: string): boolean {
  return STAND_IN_FILE.test(file);
}

/**
 * Refuses any stack but the local ones (dev, k8s) while PATH would have the engine run a stand-in (scripts/env.sh puts
 * them there for every stack: it cannot know which one a command will use), unless
 * SWIFTDEPLOY_ALLOW_STANDINS=1. The stand-ins check the same themselves; this says it before the
 * engine starts. `find` looks a name up on PATH the way the engine does.
 */
export function checkStandIns(
  stack: string,
  env: Readonly<Record<string, string | undefined>>,
  find: (name: string) => string | undefined = (name) => findExecutable(name, env.PATH),
): void {
  if (LOCAL_STACKS.includes(stack) || env[ALLOW_STAND_INS] === "1") return;
  const standIns = STOOD_IN.filter((name) => {
    const file = find(name);
    return file !== undefined && isStandIn(file);
  });
  if (standIns.length === 0) return;
  throw new SwiftDeployError(
    ErrorCode.ConfigInvalid,
    `refusing stack "${stack}": PATH runs the sandbox's stand-ins for ${standIns.join(", ")}`,
    [
      `the stand-ins implement a subset of the official plugins and are tested only against the local throwaway targets (stacks ${LOCAL_STACKS.join(", ")})`,
      "install the official plugins (`pulumi plugin install resource docker`, `… resource command`, the Pulumi CLI's own pulumi-language-nodejs); scripts/env.sh then leaves the stand-ins off PATH",
      `or, knowing that, run again with ${ALLOW_STAND_INS}=1`,
    ],
  );
}
