import type { Unwrap } from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { ROLE_LABEL, Role } from "../../../core/roles";

/** Type tokens of the Kubernetes resources the pack judges. */
export const K8sType = {
  Pod: "kubernetes:core/v1:Pod",
  Deployment: "kubernetes:apps/v1:Deployment",
  DaemonSet: "kubernetes:apps/v1:DaemonSet",
  StatefulSet: "kubernetes:apps/v1:StatefulSet",
  ReplicaSet: "kubernetes:apps/v1:ReplicaSet",
  Job: "kubernetes:batch/v1:Job",
  CronJob: "kubernetes:batch/v1:CronJob",
  Service: "kubernetes:core/v1:Service",
} as const;
export type K8sType = (typeof K8sType)[keyof typeof K8sType];

/** Every type that carries a pod template (or is a pod). */
export const WORKLOAD_TYPES = [
  K8sType.Pod,
  K8sType.Deployment,
  K8sType.DaemonSet,
  K8sType.StatefulSet,
  K8sType.ReplicaSet,
  K8sType.Job,
  K8sType.CronJob,
] as const;

/** A pod spec and a container as the analyzer presents them (the SDK's input types, unwrapped). */
export type PodSpec = Partial<Unwrap<k8s.types.input.core.v1.PodSpec>>;
export type K8sContainer = Partial<Unwrap<k8s.types.input.core.v1.Container>>;
type Metadata = Partial<Unwrap<k8s.types.input.meta.v1.ObjectMeta>>;

/** The parts of a workload's inputs the pack reads. */
export interface WorkloadProps {
  readonly metadata?: Metadata;
  readonly spec?: {
    readonly template?: { readonly metadata?: Metadata; readonly spec?: PodSpec };
    readonly jobTemplate?: {
      readonly spec?: { readonly template?: { metadata?: Metadata; spec?: PodSpec } };
    };
  } & PodSpec;
}

/** The pod template of a workload (the pod itself for a Pod), with its labels. */
export function podOf(
  type: string,
  props: WorkloadProps,
): { spec: PodSpec; labels: Record<string, string> } {
  if (type === K8sType.Pod) {
    return { spec: (props.spec ?? {}) as PodSpec, labels: props.metadata?.labels ?? {} };
  }
  const template =
    type === K8sType.CronJob ? props.spec?.jobTemplate?.spec?.template : props.spec?.template;
  return {
    spec: template?.spec ?? {},
    labels: { ...(props.metadata?.labels ?? {}), ...(template?.metadata?.labels ?? {}) },
  };
}

/** Every container of a pod: init and ephemeral ones too. */
export function containersOf(spec: PodSpec): K8sContainer[] {
  return [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
    ...((spec.ephemeralContainers ?? []) as K8sContainer[]),
  ];
}

/** The SwiftDeploy role a workload claims (ROLE_LABEL on it or its pod template). */
export function roleOfWorkload(labels: Record<string, string>): string | undefined {
  return labels[ROLE_LABEL];
}

/**
 * The detector's exemptions (host network, root, NET_ADMIN, the pod-log host path) belong to a
 * DaemonSet labelled as the detector, nothing else.
 */
export function isDetector(type: string, labels: Record<string, string>): boolean {
  return type === K8sType.DaemonSet && roleOfWorkload(labels) === Role.Detector;
}

/** How messages name a workload's container: `DaemonSet "detector" container "detector"`. */
export function describeK8s(type: string, name: string, container?: K8sContainer): string {
  const kind = type.slice(type.lastIndexOf(":") + 1);
  return container === undefined
    ? `${kind} "${name}"`
    : `${kind} "${name}" container "${container.name ?? "?"}"`;
}
