import path from "node:path";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import { findExecutable } from "./find-executable";
import { LOCAL_STACKS } from "./passphrase-guard";

/** Set to `1` to deploy a stack other than the local ones with the stand-ins anyway. */
export const ALLOW_STAND_INS = "SWIFTDEPLOY_ALLOW_STANDINS";

/**
 * The folders scripts/env.sh put on PATH for stand-ins of plugins this machine could not download,
 * separated like PATH. The CLI knows a stand-in only from this declaration, never from where the
 * stand-ins live.
 */
export const STAND_IN_DIRS = "SWIFTDEPLOY_STAND_IN_DIRS";

/** The plugins the engine starts for this project's program that may be stood in for. */
const STOOD_IN = ["pulumi-language-nodejs", "pulumi-resource-docker", "pulumi-resource-command"];

/** The declared stand-in folders (none when the variable is unset or empty). */
export function standInDirs(env: Readonly<Record<string, string | undefined>>): string[] {
  return (env[STAND_IN_DIRS] ?? "")
    .split(path.delimiter)
    .filter((dir) => dir !== "")
    .map((dir) => path.resolve(dir));
}

/** True when a plugin executable lies in one of the declared stand-in folders. */
export function isStandIn(file: string, dirs: readonly string[]): boolean {
  return dirs.includes(path.dirname(path.resolve(file)));
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
  const dirs = standInDirs(env);
  const standIns = STOOD_IN.filter((name) => {
    const file = find(name);
    return file !== undefined && isStandIn(file, dirs);
  });
  if (standIns.length === 0) return;
  throw new SwiftDeployError(
    ErrorCode.ConfigInvalid,
    `refusing stack "${stack}": PATH runs the stand-ins for ${standIns.join(", ")}`,
    [
      `the stand-ins implement a subset of the official plugins and are tested only against the local throwaway targets (stacks ${LOCAL_STACKS.join(", ")})`,
      "install the official plugins (`pulumi plugin install resource docker`, `… resource command`, the Pulumi CLI's own pulumi-language-nodejs); scripts/env.sh then leaves the stand-ins off PATH",
      `or, knowing that, run again with ${ALLOW_STAND_INS}=1`,
    ],
  );
}
