/** Set to `1` to let the stand-ins work for a stack other than dev. */
export const ALLOW_STAND_INS = "SWIFTDEPLOY_ALLOW_STANDINS";

/**
 * The stacks the stand-ins are made and tested for: the local throwaway targets, `dev` (the test
 * host) and `k8s` (the sandbox cluster, which needs only the language host).
 */
const LOCAL_STACKS: readonly string[] = ["dev", "k8s"];

/**
 * Why the stand-in `plugin` refuses to work for `stack`, or undefined when it may. scripts/env.sh
 * puts the stand-ins on PATH for every stack (it cannot know which one a command will use), so
 * each stand-in checks the stack it is asked to work on.
 */
export function standInRefusal(
  plugin: string,
  stack: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (LOCAL_STACKS.includes(stack) || env[ALLOW_STAND_INS] === "1") return undefined;
  return (
    `${plugin} is a SwiftDeploy sandbox stand-in and refuses stack "${stack}": the stand-ins ` +
    `implement a subset of the official plugin and are tested only against the local throwaway ` +
    `targets (stacks ${LOCAL_STACKS.join(", ")}). Install the official plugin (scripts/env.sh then leaves the ` +
    `stand-ins off PATH), or set ${ALLOW_STAND_INS}=1 to use them for "${stack}" anyway.`
  );
}

/** The stack of a resource URN, `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function stackOfUrn(urn: string): string {
  return (urn.split("::")[0] ?? "").replace(/^urn:pulumi:/, "");
}
