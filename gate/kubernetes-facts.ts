import { parseQuantity } from "../core/kubernetes";
import type { DockerFact, InfrastructureInput, LoadFact, MemoryFact } from "./infrastructure-input";

// The deploy gate's facts for one Kubernetes node, from the API server: the Node object and the
// kubelet's summary (GET /api/v1/nodes/<node>/proxy/stats/summary). They fill the same input the
// infrastructure policy reads for a Docker host, so the same thresholds judge both.

/** The parts of a Node object the gate reads. */
export interface NodeObject {
  readonly metadata?: { readonly name?: string };
  readonly spec?: {
    readonly unschedulable?: boolean;
    readonly taints?: readonly { readonly effect?: string }[];
  };
  readonly status?: {
    readonly capacity?: Readonly<Record<string, string>>;
    readonly conditions?: readonly { readonly type?: string; readonly status?: string }[];
    readonly nodeInfo?: { readonly containerRuntimeVersion?: string };
  };
}

/** The parts of the kubelet's summary the gate reads. */
export interface NodeSummary {
  readonly node?: {
    readonly fs?: { readonly availableBytes?: number; readonly capacityBytes?: number };
    readonly memory?: { readonly availableBytes?: number };
    readonly cpu?: { readonly usageNanoCores?: number };
  };
}

/** Nodes the stack's pods may land on: schedulable, without NoSchedule/NoExecute taints. */
export function schedulableNodes(nodes: readonly NodeObject[]): string[] {
  return nodes
    .filter((node) => node.spec?.unschedulable !== true)
    .filter(
      (node) =>
        !(node.spec?.taints ?? []).some(
          (t) => t.effect === "NoSchedule" || t.effect === "NoExecute",
        ),
    )
    .map((node) => node.metadata?.name ?? "")
    .filter((name) => name !== "");
}

/**
 * CPU in use, in CPUs, stands for the 1-minute load: the kubelet reports no load average. It is at
 * most the CPU count, so on Kubernetes a maxLoadPerCpu of 1 or more never refuses.
 */
function loadFact(node: NodeObject, summary: NodeSummary | undefined): LoadFact {
  const cpus = parseQuantity(node.status?.capacity?.cpu);
  const usage = summary?.node?.cpu?.usageNanoCores;
  if (cpus === undefined || cpus <= 0) return { error: "the node reports no CPU capacity" };
  if (typeof usage !== "number") return { error: "the kubelet's summary has no CPU usage" };
  return { load1: usage / 1e9, cpus };
}

function memoryFact(node: NodeObject, summary: NodeSummary | undefined): MemoryFact {
  const total = parseQuantity(node.status?.capacity?.memory);
  const available = summary?.node?.memory?.availableBytes;
  if (typeof available !== "number" || total === undefined) {
    return { error: "the kubelet's summary has no available memory" };
  }
  return { available_bytes: available, total_bytes: total };
}

/** The container runtime answers when the kubelet reports the node Ready. */
function runtimeFact(node: NodeObject): DockerFact {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === "Ready");
  const version = node.status?.nodeInfo?.containerRuntimeVersion ?? "";
  if (ready?.status === "True" && version !== "") {
    return { answering: true, server_version: version };
  }
  return {
    answering: false,
    error: `node is not Ready (Ready=${ready?.status ?? "unknown"}, runtime ${version || "unknown"})`,
  };
}

/**
 * The infrastructure policy's input for one node. `summaryError` says why the summary could not
 * be read (every fact from it then carries that reason, which OPA quotes in its deny).
 */
export function kubernetesNodeFacts(
  node: NodeObject,
  summary: NodeSummary | undefined,
  summaryError?: string,
): InfrastructureInput {
  const name = node.metadata?.name ?? "?";
  const path = `the kubelet's filesystem on node ${name}`;
  const fs = summary?.node?.fs;
  const disk =
    typeof fs?.availableBytes === "number" && typeof fs.capacityBytes === "number"
      ? { path, free_bytes: fs.availableBytes, total_bytes: fs.capacityBytes }
      : { path, error: summaryError ?? "the kubelet's summary has no filesystem figures" };
  const unread = summaryError === undefined ? undefined : { error: summaryError };
  return {
    disk,
    load: unread ?? loadFact(node, summary),
    memory: unread ?? memoryFact(node, summary),
    docker: runtimeFact(node),
  };
}
