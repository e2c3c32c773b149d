import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { namespaceNames } from "../../../components/kubernetes/render/names";
import { ErrorCode, SwiftDeployError } from "../../../core/errors";
import type { Manifest } from "../../../core/manifest";
import type { CliContext } from "../../context";
import { findExecutable } from "../../engine/find-executable";
import type { StackOutputs } from "../../engine/stack-outputs";
import { secretConfigValue } from "../../secret-config";
import { stackConfigValues } from "../../stack-manifest";

/** How the CLI reaches the stack's cluster: the kubeconfig (a secret) and the kubectl to run. */
export interface KubeAccess {
  readonly kubeconfig: string;
  /** The kubectl executable (the stack's `swiftdeploy:kubectl`, found on PATH). */
  readonly kubectl: string;
  /** The API server of the kubeconfig's current context, for messages. */
  readonly server: string | undefined;
}

/** The API server URL of a kubeconfig's current context (undefined when it cannot tell). */
export function kubeconfigServer(kubeconfig: string): string | undefined {
  try {
    const doc = parseYaml(kubeconfig) as {
      "current-context"?: string;
      contexts?: { name?: string; context?: { cluster?: string } }[];
      clusters?: { name?: string; cluster?: { server?: string } }[];
    } | null;
    const context = doc?.contexts?.find((c) => c.name === doc["current-context"]);
    const cluster = doc?.clusters?.find((c) => c.name === context?.context?.cluster);
    return cluster?.cluster?.server ?? doc?.clusters?.[0]?.cluster?.server;
  } catch {
    return undefined;
  }
}

/** The kubectl the stack names (`swiftdeploy:kubectl`, default `kubectl`), as a path. */
function findKubectl(ctx: CliContext, configured: unknown): string {
  const name = typeof configured === "string" && configured !== "" ? configured : "kubectl";
  const found = name.includes("/")
    ? path.resolve(ctx.projectDir, name)
    : findExecutable(name, ctx.env.PATH);
  if (found === undefined) {
    throw new SwiftDeployError(
      ErrorCode.ToolMissing,
      `kubectl (\`${name}\`, swiftdeploy:kubectl) is not on PATH: the CLI reaches the cluster through it`,
      [
        "run `npm run setup` once (it builds the pinned kubectl) and use `npm run swiftdeploy -- …`, which sources scripts/env.sh",
        "or install kubectl and put it on PATH, or name it: pulumi config set swiftdeploy:kubectl /path/to/kubectl",
      ],
    );
  }
  return found;
}

/**
 * The stack's kubeconfig (`swiftdeploy:kubeconfigFile`, relative to the project, or the secret
 * `swiftdeploy:kubeconfig`) and kubectl, as the Pulumi program reads them.
 */
export async function kubeAccess(ctx: CliContext): Promise<KubeAccess> {
  const config = stackConfigValues(ctx.configFile);
  const kubectl = findKubectl(ctx, config["swiftdeploy:kubectl"]);
  const file = config["swiftdeploy:kubeconfigFile"];
  let kubeconfig: string;
  if (typeof file === "string") {
    const resolved = path.resolve(ctx.projectDir, file);
    try {
      kubeconfig = readFileSync(resolved, "utf8");
    } catch (error) {
      throw new SwiftDeployError(
        ErrorCode.ConfigInvalid,
        `cannot read the kubeconfig ${resolved}`,
        [
          (error as Error).message,
          'for the local cluster, its boot command writes it (README, "On Kubernetes")',
        ],
      );
    }
  } else if (config["swiftdeploy:kubeconfig"] !== undefined) {
    kubeconfig = await secretConfigValue(ctx, "swiftdeploy:kubeconfig");
  } else {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `${path.basename(ctx.configFile)}: no kubeconfig for the cluster`,
      [
        "set one: pulumi config set --secret swiftdeploy:kubeconfig < ~/.kube/config",
        "or: pulumi config set swiftdeploy:kubeconfigFile ~/.kube/config",
      ],
    );
  }
  return { kubeconfig, kubectl, server: kubeconfigServer(kubeconfig) };
}

/**
 * The stack's namespaces: what its last update reported (outputs `namespace`, `workloads`), else
 * what the program would pick (`swiftdeploy:namespace`, or `swiftdeploy-<service>`).
 */
export function stackNamespaces(
  ctx: CliContext,
  manifest: Pick<Manifest, "service">,
  outputs: StackOutputs,
): { readonly app: string; readonly detector: string } {
  const configured = stackConfigValues(ctx.configFile)["swiftdeploy:namespace"];
  const names = namespaceNames(
    manifest,
    outputs.namespace ?? (typeof configured === "string" ? configured : undefined),
  );
  return { app: names.app, detector: outputs.workloads.detectorNamespace ?? names.detector };
}
