import { DETECTOR_CAPABILITY, DETECTOR_POD_LOG_DIR } from "../../../core/kubernetes";
import { formatPodLogPattern } from "../../../core/pod-log-pattern";
import type { Manifest } from "../../../core/manifest";
import { SharedBansKind } from "../../../core/shared-bans-settings";
import { Role } from "../../../core/roles";
import { hostPaths } from "../../naming";
import { detectorConfig, detectorConfigFile } from "../../render/detector-config";
import { IMAGE_ANNOTATION } from "./api-workload";
import {
  contentName,
  EDGE_NODE_LABEL,
  K8S_NAMES,
  SECRET_KEYS,
  selectorLabels,
  stackLabels,
} from "./names";
import { cpuQuantity, podBaseline, TMP_MOUNT, tmpVolume } from "./pod-security";
import { PROXY_CONTAINER } from "./proxy-workload";

/** Where the detector's files are inside its container. */
export const DETECTOR_PATHS = {
  configDir: "/etc/swiftdeploy/detector",
  config: "/etc/swiftdeploy/detector/detector.json",
  stateDir: "/var/lib/swiftdeploy/detector",
  bundle: "/opt/swiftdeploy/detector/swiftdeploy-detector.js",
} as const;

/**
 * The kubelet's container logs: the one host path the detector mounts, read-only. Nginx's access
 * log is its container's stdout, kept by the kubelet under
 * `/var/log/pods/<namespace>_<pod>_<uid>/nginx/<restart>.log` in the CRI format.
 */
export const POD_LOG_DIR = DETECTOR_POD_LOG_DIR;

/** The detector's memory (MB) and CPU limits. */
export const DETECTOR_RESOURCES = { memoryMb: 256, cpus: 0.5 } as const;

/**
 * Where the detector reads: the Nginx pods' logs on its node, as a pod-log pattern. The detector
 * follows every matching pod's current log and takes off the kubelet's CRI framing
 * (detector/source/pod-log-source.ts).
 */
export function proxyLogPattern(appNamespace: string): string {
  return formatPodLogPattern({
    dir: POD_LOG_DIR,
    podFolderPrefix: `${appNamespace}_${K8S_NAMES.proxy}-`,
    container: PROXY_CONTAINER,
  });
}

/**
 * The detector's settings, from the same renderer as on Docker, for a node of the cluster: its
 * state in the pod, and bans in an nftables table of its own whose forward hook drops NodePort
 * traffic (kube-proxy DNATs it to a pod, so it never crosses INPUT): the setting `chains.dockerUser`
 * is that hook for nftables, so it is on whatever the manifest says. `dry-run` stays dry-run.
 */
export function kubernetesDetectorSettings(
  manifest: Manifest,
  appNamespace: string,
  operatorAddresses: readonly string[] = [],
) {
  const paths = {
    ...hostPaths(manifest.service.name),
    accessLog: proxyLogPattern(appNamespace),
    detectorStateDir: DETECTOR_PATHS.stateDir,
  };
  const settings = detectorConfig(manifest, paths, operatorAddresses);
  const { enforcement } = settings;
  return {
    ...settings,
    logSource: "kubernetes-pod-logs" as const,
    // One ban list for every edge node, in the detector's own namespace (its service account's).
    sharedBans: {
      ...manifest.detector.sharedBans,
      kind: SharedBansKind.KubernetesConfigMap,
      name: K8S_NAMES.banList,
    },
    enforcement: {
      ...enforcement,
      backend: enforcement.backend === "dry-run" ? ("dry-run" as const) : ("nftables" as const),
      // For nftables `dockerUser` is the forward hook: NodePort traffic is DNATed to a pod and
      // crosses FORWARD, never INPUT. There is no DOCKER-USER chain on a node, and none is used.
      chains: { ...enforcement.chains, dockerUser: true },
    },
  };
}

/** The ConfigMap with detector.json; its name changes with its content (see contentName). */
export function renderDetectorConfigMap(
  manifest: Manifest,
  namespace: string,
  appNamespace: string,
  operatorAddresses: readonly string[] = [],
) {
  const data = {
    "detector.json": detectorConfigFile(
      kubernetesDetectorSettings(manifest, appNamespace, operatorAddresses),
    ),
  };
  return {
    metadata: {
      name: contentName(`${K8S_NAMES.detector}-config`, data),
      namespace,
      labels: stackLabels(manifest, Role.Detector),
    },
    data,
  };
}

/** What the detector's DaemonSet needs beyond the manifest. */
export interface DetectorWorkloadInput {
  readonly namespace: string;
  readonly configMapName: string;
  readonly image: string;
  readonly imageName: string;
  /** Whether the alert webhook Secret exists (the manifest names a webhook config key). */
  readonly webhook: boolean;
}

/**
 * The detector on every edge node: host network (it bans in the node's kernel), root with
 * NET_ADMIN and no other capability, read-only root, the pod logs read-only, and a service
 * account for the shared ban list. Its state lives in the pod (an emptyDir): a restarted pod learns
 * its baselines again, and gets its bans back from the shared ban list.
 */
export function renderDetectorDaemonSet(manifest: Manifest, input: DetectorWorkloadInput) {
  const memory = `${DETECTOR_RESOURCES.memoryMb}Mi`;
  const daemon = ["node", DETECTOR_PATHS.bundle];
  return {
    metadata: {
      name: K8S_NAMES.detector,
      namespace: input.namespace,
      labels: stackLabels(manifest, Role.Detector),
    },
    spec: {
      selector: { matchLabels: selectorLabels(manifest, Role.Detector) },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: {
          labels: stackLabels(manifest, Role.Detector),
          annotations: { [IMAGE_ANNOTATION]: input.imageName },
        },
        spec: {
          ...podBaseline(),
          // The one pod with an API token: it reads and writes the shared ban list (ban-list.ts).
          serviceAccountName: K8S_NAMES.detector,
          automountServiceAccountToken: true,
          hostNetwork: true,
          dnsPolicy: "ClusterFirstWithHostNet",
          nodeSelector: { [EDGE_NODE_LABEL.key]: EDGE_NODE_LABEL.value },
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: "detector",
              image: input.image,
              imagePullPolicy: "IfNotPresent",
              command: [...daemon, "run", "--config", DETECTOR_PATHS.config],
              env: [
                { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
                ...(input.webhook
                  ? [
                      {
                        name: "SWIFTDEPLOY_ALERT_WEBHOOK_URL",
                        valueFrom: {
                          secretKeyRef: {
                            name: K8S_NAMES.alertWebhook,
                            key: SECRET_KEYS.alertWebhook,
                          },
                        },
                      },
                    ]
                  : []),
              ],
              resources: {
                limits: { memory, cpu: cpuQuantity(DETECTOR_RESOURCES.cpus) },
                requests: { memory, cpu: cpuQuantity(DETECTOR_RESOURCES.cpus / 4) },
              },
              // Root for the kernel's netfilter API, with NET_ADMIN only: nothing else is added.
              securityContext: {
                runAsNonRoot: false,
                runAsUser: 0,
                runAsGroup: 0,
                readOnlyRootFilesystem: true,
                allowPrivilegeEscalation: false,
                privileged: false,
                capabilities: { drop: ["ALL"], add: [DETECTOR_CAPABILITY] },
                seccompProfile: { type: "RuntimeDefault" },
              },
              livenessProbe: {
                exec: { command: [...daemon, "status", "--config", DETECTOR_PATHS.config] },
                periodSeconds: 30,
                timeoutSeconds: 10,
                failureThreshold: 3,
              },
              volumeMounts: [
                { name: "config", mountPath: DETECTOR_PATHS.configDir, readOnly: true },
                { name: "state", mountPath: DETECTOR_PATHS.stateDir },
                { name: "pod-logs", mountPath: POD_LOG_DIR, readOnly: true },
                TMP_MOUNT,
              ],
            },
          ],
          volumes: [
            { name: "config", configMap: { name: input.configMapName } },
            { name: "state", emptyDir: { sizeLimit: "256Mi" } },
            { name: "pod-logs", hostPath: { path: POD_LOG_DIR, type: "Directory" } },
            tmpVolume(),
          ],
        },
      },
    },
  };
}
