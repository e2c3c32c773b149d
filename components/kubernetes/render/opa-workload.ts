import type { Manifest } from "../../../core/manifest";
import { Role } from "../../../core/roles";
import { OPA_PORT } from "../../naming";
import { OPA_POLICY_DIR, OPA_RESOURCES, opaDataFile } from "../../render/opa-container";
import { IMAGE_ANNOTATION } from "./api-workload";
import { contentName, K8S_NAMES, selectorLabels, stackLabels } from "./names";
import {
  podBaseline,
  resourceLimits,
  restrictedContainerSecurity,
  TMP_MOUNT,
  tmpVolume,
} from "./pod-security";

/**
 * OPA listens on its pod's loopback only. Nothing on the pod network can reach it, whichever CNI
 * the cluster runs (NetworkPolicy is only as good as the CNI that enforces it); the deploy gate
 * reaches it through the API server's port-forward (RBAC `pods/portforward`), which enters the
 * pod's network namespace.
 */
export const OPA_LISTEN_ADDRESS = `127.0.0.1:${OPA_PORT}`;

/** The runtime policies and the manifest's thresholds (the same data.json as on Docker). */
export function renderOpaConfigData(
  manifest: Pick<Manifest, "policy">,
  policies: Readonly<Record<string, string>>,
): Record<string, string> {
  return { ...policies, "data.json": opaDataFile(manifest) };
}

/** The ConfigMap OPA loads; its name changes with the policies or thresholds (see contentName). */
export function renderOpaConfigMap(
  manifest: Manifest,
  namespace: string,
  policies: Readonly<Record<string, string>>,
) {
  const data = renderOpaConfigData(manifest, policies);
  return {
    metadata: {
      name: contentName(`${K8S_NAMES.opa}-policies`, data),
      namespace,
      labels: stackLabels(manifest, Role.Opa),
    },
    data,
  };
}

/** A probe run inside the pod (OPA is on loopback): busybox wget, as Docker's health check. */
function opaProbe() {
  return {
    exec: {
      command: ["wget", "-q", "-O", "/dev/null", `http://${OPA_LISTEN_ADDRESS}/health`],
    },
    periodSeconds: 5,
    timeoutSeconds: 3,
    failureThreshold: 5,
  };
}

/** What OPA's Deployment needs beyond the manifest. */
export interface OpaWorkloadInput {
  readonly namespace: string;
  readonly configMapName: string;
  readonly image: string;
  readonly imageName: string;
}

/**
 * OPA as a one-replica Deployment. `--ignore .*` skips the ConfigMap volume's `..data` and
 * timestamped folders, which hold every file a second time.
 */
export function renderOpaDeployment(manifest: Manifest, input: OpaWorkloadInput) {
  return {
    metadata: {
      name: K8S_NAMES.opa,
      namespace: input.namespace,
      labels: stackLabels(manifest, Role.Opa),
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: selectorLabels(manifest, Role.Opa) },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: {
          labels: stackLabels(manifest, Role.Opa),
          annotations: { [IMAGE_ANNOTATION]: input.imageName },
        },
        spec: {
          ...podBaseline(),
          containers: [
            {
              name: "opa",
              image: input.image,
              imagePullPolicy: "IfNotPresent",
              // The official images and the local one install OPA as /opa (its entrypoint).
              command: ["/opa"],
              args: [
                "run",
                "--server",
                "--addr",
                OPA_LISTEN_ADDRESS,
                "--log-level",
                "error",
                "--ignore",
                ".*",
                OPA_POLICY_DIR,
              ],
              resources: resourceLimits(OPA_RESOURCES.memoryMb, OPA_RESOURCES.cpus),
              securityContext: restrictedContainerSecurity(),
              readinessProbe: opaProbe(),
              livenessProbe: opaProbe(),
              volumeMounts: [
                { name: "policies", mountPath: OPA_POLICY_DIR, readOnly: true },
                TMP_MOUNT,
              ],
            },
          ],
          volumes: [{ name: "policies", configMap: { name: input.configMapName } }, tmpVolume()],
        },
      },
    },
  };
}
