import { ErrorCode, SwiftDeployError } from "../../core/errors";

/** The dev stack's passphrase, public by design (scripts/env.sh exports it as SWIFTDEPLOY_DEV_PASSPHRASE). */
export const PUBLIC_DEV_PASSPHRASE = "swiftdeploy-local-testbed";

/** The local test host's stack: torn down without asking. */
export const DEV_STACK = "dev";

/**
 * The stacks whose secrets may use the public passphrase, as their committed configs do: the
 * local throwaway targets, `dev` (the test host) and `k8s` (the local cluster).
 */
export const LOCAL_STACKS: readonly string[] = [DEV_STACK, "k8s"];

/**
 * Refuses any stack but the local ones when its secrets would be encrypted with the public dev passphrase:
 * anyone with the repository could read them. `readFile` reads PULUMI_CONFIG_PASSPHRASE_FILE.
 */
export function checkPassphrase(
  stack: string,
  env: Readonly<Record<string, string | undefined>>,
  readFile: (file: string) => string,
): void {
  if (LOCAL_STACKS.includes(stack)) return;
  const devPassphrase = env.SWIFTDEPLOY_DEV_PASSPHRASE || PUBLIC_DEV_PASSPHRASE;
  const file = env.PULUMI_CONFIG_PASSPHRASE_FILE;
  let passphrase = env.PULUMI_CONFIG_PASSPHRASE;
  if (passphrase === undefined && file !== undefined && file !== "") {
    try {
      passphrase = readFile(file).replace(/\r?\n$/, "");
    } catch {
      passphrase = undefined;
    }
  }
  if (passphrase === devPassphrase) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `refusing stack "${stack}": its secrets would be encrypted with the public dev passphrase`,
      [
        `the dev passphrase is published in scripts/env.sh and only fits the local throwaway stacks (${LOCAL_STACKS.join(", ")})`,
        `set your own before running: export PULUMI_CONFIG_PASSPHRASE=… (or PULUMI_CONFIG_PASSPHRASE_FILE) and run again with --stack ${stack}`,
      ],
    );
  }
}
