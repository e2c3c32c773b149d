import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { ErrorCode, SwiftDeployError } from "../../core/errors";

/**
 * The kubeconfig's content, always a secret: the stack's secret swiftdeploy:kubeconfig, or the
 * file swiftdeploy:kubeconfigFile names (an absolute path, resolved by the caller).
 */
export function resolveKubeconfig(
  secret: pulumi.Output<string> | undefined,
  file: string | undefined,
): pulumi.Output<string> {
  if (secret !== undefined) return pulumi.secret(secret);
  try {
    return pulumi.secret(readFileSync(file ?? "", "utf8"));
  } catch (error) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `swiftdeploy:kubeconfigFile: cannot read ${file}`,
      [
        (error as Error).message,
        'boot the local cluster (README, "On Kubernetes") or point swiftdeploy:kubeconfigFile at your kubeconfig',
      ],
    );
  }
}
