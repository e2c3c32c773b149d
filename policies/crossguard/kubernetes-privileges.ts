import { DETECTOR_CAPABILITY, DETECTOR_POD_LOG_DIR } from "../../core/kubernetes";
import { GuardrailPolicy } from "../../core/manifest/guardrails-schema";
import { resourcePolicy } from "./lib/define-policy";
import {
  CAPABILITIES_CONFIG_SCHEMA,
  CAPABILITIES_DEFAULTS,
  capabilityName,
  type CapabilitiesConfig,
} from "./lib/shared-settings";
import {
  containersOf,
  describeK8s,
  isDetector,
  podOf,
  WORKLOAD_TYPES,
  type WorkloadProps,
} from "./lib/kubernetes";

/** A privileged container is root on the node. */
export const k8sNoPrivilegedPods = resourcePolicy<WorkloadProps>({
  name: GuardrailPolicy.K8sNoPrivilegedPods,
  description: "Kubernetes containers must not run privileged.",
  types: WORKLOAD_TYPES,
  check: ({ name, type, props, report }) => {
    for (const container of containersOf(podOf(type, props).spec)) {
      if (container.securityContext?.privileged === true) {
        report(
          `${describeK8s(type, name, container)} must not be privileged: remove \`securityContext.privileged: true\` and add only the capabilities it needs.`,
        );
      }
    }
  },
});

/** The node's namespaces are the node: only the detector shares its network, to ban in its kernel. */
export const k8sNoHostNamespaces = resourcePolicy<WorkloadProps>({
  name: GuardrailPolicy.K8sNoHostNamespaces,
  description:
    "Pods must not use the node's PID or IPC namespace, nor its network except the detector's DaemonSet.",
  types: WORKLOAD_TYPES,
  check: ({ name, type, props, report }) => {
    const { spec, labels } = podOf(type, props);
    const who = describeK8s(type, name);
    if (spec.hostNetwork === true && !isDetector(type, labels)) {
      report(
        `${who} must not use the node's network (hostNetwork): only the detector's DaemonSet may; reach the pod through a Service.`,
      );
    }
    for (const field of ["hostPID", "hostIPC"] as const) {
      if (spec[field] === true) report(`${who} must not set ${field}: remove it.`);
    }
  },
});

function normalisePath(hostPath: string): string {
  const trimmed = hostPath.replace(/\/+/g, "/").replace(/\/$/, "");
  return trimmed === "" ? "/" : trimmed;
}

/**
 * A host path is the node's filesystem in the pod. The detector reads the kubelet's pod logs;
 * nothing mounts anything else, and nothing mounts even that writable.
 */
export const k8sHostPathLogsOnly = resourcePolicy<WorkloadProps>({
  name: GuardrailPolicy.K8sHostPathLogsOnly,
  description: `Pods must not mount host paths, except the detector's DaemonSet reading ${DETECTOR_POD_LOG_DIR} read-only.`,
  types: WORKLOAD_TYPES,
  check: ({ name, type, props, report }) => {
    const { spec, labels } = podOf(type, props);
    const who = describeK8s(type, name);
    for (const volume of spec.volumes ?? []) {
      const hostPath = volume.hostPath?.path;
      if (hostPath === undefined) continue;
      if (!isDetector(type, labels) || normalisePath(hostPath) !== DETECTOR_POD_LOG_DIR) {
        report(
          `${who} must not mount the host path ${hostPath}: only the detector's DaemonSet may mount ${DETECTOR_POD_LOG_DIR}, read-only. Use a ConfigMap, a Secret or an emptyDir.`,
        );
        continue;
      }
      for (const container of containersOf(spec)) {
        const mounts = (container.volumeMounts ?? []).filter((m) => m.name === volume.name);
        if (mounts.some((m) => m.readOnly !== true)) {
          report(
            `${describeK8s(type, name, container)} must mount ${hostPath} read-only: set \`readOnly: true\` on its volumeMount "${volume.name}".`,
          );
        }
      }
    }
  },
});

/** Configuration of k8s-no-added-capabilities: the same setting as no-added-capabilities. */
export type K8sCapabilitiesConfig = CapabilitiesConfig;

/** Capabilities are dropped; an added one must be on the allow-list (the detector: NET_ADMIN too). */
export const k8sNoAddedCapabilities = resourcePolicy<WorkloadProps, K8sCapabilitiesConfig>({
  name: GuardrailPolicy.K8sNoAddedCapabilities,
  description: `Kubernetes containers may add only the capabilities in allowedCapabilities; the detector's DaemonSet may add ${DETECTOR_CAPABILITY}.`,
  defaults: CAPABILITIES_DEFAULTS,
  configSchema: CAPABILITIES_CONFIG_SCHEMA,
  types: WORKLOAD_TYPES,
  check: ({ name, type, props, config, report }) => {
    const { spec, labels } = podOf(type, props);
    const allowed = new Set(config.allowedCapabilities.map(capabilityName));
    if (isDetector(type, labels)) allowed.add(DETECTOR_CAPABILITY);
    for (const container of containersOf(spec)) {
      const extra = (container.securityContext?.capabilities?.add ?? []).filter(
        (cap) => !allowed.has(capabilityName(cap)),
      );
      if (extra.length > 0) {
        report(
          `${describeK8s(type, name, container)} must not add capabilities ${extra.map(capabilityName).join(", ")}: remove them from \`securityContext.capabilities.add\`, or allow them in the pack's allowedCapabilities (now: ${[...allowed].join(", ") || "none"}).`,
        );
      }
    }
  },
});

/** setuid binaries and file capabilities must not lift a process above what it started with. */
export const k8sNoPrivilegeEscalation = resourcePolicy<WorkloadProps>({
  name: GuardrailPolicy.K8sNoPrivilegeEscalation,
  description: "Kubernetes containers set allowPrivilegeEscalation: false.",
  types: WORKLOAD_TYPES,
  check: ({ name, type, props, report }) => {
    for (const container of containersOf(podOf(type, props).spec)) {
      if (container.securityContext?.allowPrivilegeEscalation !== false) {
        report(
          `${describeK8s(type, name, container)} must set \`securityContext.allowPrivilegeEscalation: false\` (Kubernetes allows escalation unless told not to).`,
        );
      }
    }
  },
});

/** Root in a container is one kernel bug away from root on the node. */
export const k8sNonRoot = resourcePolicy<WorkloadProps>({
  name: GuardrailPolicy.K8sNonRoot,
  description:
    "Kubernetes containers run as a non-root user (runAsNonRoot, a non-zero runAsUser); only the detector's DaemonSet runs as root, with NET_ADMIN alone.",
  types: WORKLOAD_TYPES,
  check: ({ name, type, props, report }) => {
    const { spec, labels } = podOf(type, props);
    if (isDetector(type, labels)) return;
    const pod = spec.securityContext ?? {};
    for (const container of containersOf(spec)) {
      const context = container.securityContext ?? {};
      const user = context.runAsUser ?? pod.runAsUser;
      const nonRoot = context.runAsNonRoot ?? pod.runAsNonRoot;
      if (user === 0 || (user === undefined && nonRoot !== true)) {
        report(
          `${describeK8s(type, name, container)} must run as a non-root user: set \`securityContext.runAsNonRoot: true\` and \`runAsUser\` to an unprivileged uid such as 10001${user === 0 ? " (it is 0)" : ""}.`,
        );
      }
    }
  },
});
