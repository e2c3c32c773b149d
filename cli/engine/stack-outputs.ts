import type { OutputMap } from "@pulumi/pulumi/automation";

/** The stack outputs the CLI reads (index.ts exports them; each target fills its own). */
export interface StackOutputs {
  /** `docker` or `kubernetes`; absent before the first update (or from a program before targets). */
  readonly target?: string;
  readonly publicUrl?: string;
  readonly dashboard?: string;
  readonly detectorUnitState?: string;
  readonly containers: Readonly<Record<string, string>>;
  /** Secret; never printed. */
  readonly chaosToken?: string;
  /** Kubernetes: the application's namespace. */
  readonly namespace?: string;
  /** Kubernetes: Nginx's NodePort on every edge node. */
  readonly nodePort?: number;
  /** Kubernetes: "NodePort 30080 on every node labelled …". */
  readonly publicEndpoint?: string;
  /** Kubernetes: the namespaces and workloads by role (`proxy: daemonset/proxy`, …). */
  readonly workloads: Readonly<Record<string, string>>;
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/** The string values of an object output; {} when it is missing or not an object. */
function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== "object") return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
}

/** Typed outputs from the engine's output map (missing or odd values are left out). */
export function readOutputs(outputs: OutputMap): StackOutputs {
  const nodePort = outputs.nodePort?.value;
  return {
    target: text(outputs.target?.value),
    publicUrl: text(outputs.publicUrl?.value),
    dashboard: text(outputs.dashboard?.value),
    detectorUnitState: text(outputs.detectorUnitState?.value),
    containers: stringRecord(outputs.containers?.value),
    chaosToken: text(outputs.chaosToken?.value),
    namespace: text(outputs.namespace?.value),
    nodePort: typeof nodePort === "number" && Number.isInteger(nodePort) ? nodePort : undefined,
    publicEndpoint: text(outputs.publicEndpoint?.value),
    workloads: stringRecord(outputs.workloads?.value),
  };
}
