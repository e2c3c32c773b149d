import * as pulumi from "@pulumi/pulumi";
import { systemClock } from "../../core/clock";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import { waitForThresholds } from "../deploy-gate";
import {
  createFetchOpaClient,
  decisionError,
  OpaDecisionPath,
  waitForOpa,
  type InfrastructureInput,
} from "../../gate";
import {
  kubernetesNodeFacts,
  schedulableNodes,
  type NodeObject,
  type NodeSummary,
} from "../../gate/kubernetes-facts";
import { OPA_PORT } from "../naming";
import type { OpaData } from "../render/opa-data";
import { kubectlClient, type KubeClient } from "./kubectl-client";

/** Where OPA runs and what it must have loaded. */
export interface KubernetesGateTarget {
  readonly namespace: string;
  /** `key=value,…` selecting OPA's pods. */
  readonly opaSelector: string;
  /** The data document this update wrote: the gate waits until OPA has loaded exactly it. */
  readonly expectedData: OpaData;
  readonly readyTimeoutMs?: number;
}

interface PodObject {
  readonly metadata?: {
    readonly name?: string;
    readonly creationTimestamp?: string;
    readonly deletionTimestamp?: string;
  };
  readonly status?: {
    readonly phase?: string;
    readonly conditions?: readonly { readonly type?: string; readonly status?: string }[];
  };
}

/** The newest Running, Ready OPA pod that is not being deleted. */
export function readyPod(pods: readonly PodObject[]): string | undefined {
  return pods
    .filter((p) => p.status?.phase === "Running" && p.metadata?.deletionTimestamp === undefined)
    .filter((p) =>
      (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
    )
    .sort((a, b) =>
      (b.metadata?.creationTimestamp ?? "").localeCompare(a.metadata?.creationTimestamp ?? ""),
    )[0]?.metadata?.name;
}

/** Each schedulable node's facts, read through the API server. */
async function nodeFacts(client: KubeClient): Promise<[string, InfrastructureInput][]> {
  const list = (await client.getJson("/api/v1/nodes")) as { items?: NodeObject[] };
  const nodes = list.items ?? [];
  const names = schedulableNodes(nodes);
  if (names.length === 0) {
    throw new SwiftDeployError(ErrorCode.PolicyDenied, "no schedulable node in the cluster", [
      "the deploy is refused: uncordon a node or remove its NoSchedule taint",
    ]);
  }
  return Promise.all(
    names.map(async (name): Promise<[string, InfrastructureInput]> => {
      const node = nodes.find((n) => n.metadata?.name === name) as NodeObject;
      try {
        const summary = (await client.getJson(
          `/api/v1/nodes/${encodeURIComponent(name)}/proxy/stats/summary`,
        )) as NodeSummary;
        return [name, kubernetesNodeFacts(node, summary)];
      } catch (error) {
        const reason = `the kubelet's summary could not be read: ${(error as Error).message.split("\n")[0]}`;
        return [name, kubernetesNodeFacts(node, undefined, reason)];
      }
    }),
  );
}

/**
 * Asks OPA (inside the cluster, through a port-forward) whether every schedulable node may take
 * the deploy; throws OPA's reasons, each prefixed with its node, when any may not.
 */
export async function checkKubernetesDeployGate(
  client: KubeClient,
  target: KubernetesGateTarget,
): Promise<Record<string, unknown>> {
  const readyTimeoutMs = target.readyTimeoutMs ?? 60_000;
  const facts = await nodeFacts(client);
  const pods = (await client.getJson(
    `/api/v1/namespaces/${target.namespace}/pods?labelSelector=${encodeURIComponent(target.opaSelector)}`,
  )) as { items?: PodObject[] };
  const pod = readyPod(pods.items ?? []);
  if (pod === undefined) {
    throw new SwiftDeployError(
      ErrorCode.PolicyUnreachable,
      `no ready OPA pod in namespace ${target.namespace}, so the deploy is refused`,
      [`kubectl -n ${target.namespace} get pods -l ${target.opaSelector}`],
    );
  }
  const forward = await client.portForward(target.namespace, pod, OPA_PORT);
  try {
    await waitForOpa({ baseUrl: forward.baseUrl, clock: systemClock, timeoutMs: readyTimeoutMs });
    await waitForThresholds(forward.baseUrl, target.expectedData, readyTimeoutMs);
    const opa = createFetchOpaClient({ baseUrl: forward.baseUrl });
    const reasons: string[] = [];
    const evidence: Record<string, unknown> = {};
    for (const [node, input] of facts) {
      const decision = await opa.queryDecision(OpaDecisionPath.Infrastructure, input);
      evidence[node] = { input, decision: decision.document };
      const error = decisionError(decision, `the deploy onto node ${node}`);
      if (error !== undefined) reasons.push(...decision.reasons.map((r) => `node ${node}: ${r}`));
      if (error?.code === ErrorCode.PolicyUnreachable) throw error;
    }
    if (reasons.length > 0) {
      throw new SwiftDeployError(ErrorCode.PolicyDenied, "OPA denied the deploy:", reasons);
    }
    return evidence;
  } finally {
    await forward.close();
  }
}

/** Arguments of {@link kubernetesDeployGate}. */
export interface KubernetesDeployGateArgs extends KubernetesGateTarget {
  readonly kubeconfig: pulumi.Input<string>;
  readonly kubectl: string;
  /** Any output of OPA's Deployment: known once it is ready, so the gate waits for it. */
  readonly opaReady: pulumi.Input<string>;
}

/**
 * The deploy gate on Kubernetes, like the Docker one (components/deploy-gate.ts): "allowed" when
 * OPA's infrastructure policy allows every schedulable node, a failed update with OPA's reasons
 * when it does not or cannot answer. Unknown at a first preview (OPA does not run yet).
 */
export function kubernetesDeployGate(args: KubernetesDeployGateArgs): pulumi.Output<string> {
  // The kubeconfig is a secret; the verdict is not (it goes into a pod annotation).
  const verdict = pulumi
    .all([pulumi.output(args.kubeconfig), pulumi.output(args.opaReady)])
    .apply(async ([kubeconfig]) => {
      const client = kubectlClient({ kubectl: args.kubectl, kubeconfig });
      try {
        const evidence = await checkKubernetesDeployGate(client, args);
        pulumi.log.info(`deploy gate: OPA allowed the deploy: ${JSON.stringify(evidence)}`);
        return "allowed";
      } finally {
        client.close();
      }
    });
  return pulumi.unsecret(verdict);
}
