import type { Manifest } from "../../../core/manifest";
import { apiRole } from "../../../core/roles";
import type { Track } from "../../../core/track";
import { K8S_NAMES, SECRET_KEYS, selectorLabels, stackLabels } from "./names";
import {
  httpProbe,
  podBaseline,
  resourceLimits,
  restrictedContainerSecurity,
  TMP_MOUNT,
  tmpVolume,
} from "./pod-security";

/** Annotation on pod templates naming the image by tag when `image` is its content address. */
export const IMAGE_ANNOTATION = "swiftdeploy.dev/image";

/** What one API track needs beyond the manifest. */
export interface ApiWorkloadInput {
  readonly namespace: string;
  readonly track: Track;
  readonly version: string;
  /** The pinned reference the pods run (components/kubernetes/images.ts). */
  readonly image: string;
  /** The image as the manifest names it (tag), for people reading the pod. */
  readonly imageName: string;
}

/** The same environment as the Docker container (components/render/api-container.ts). */
function apiEnv(manifest: Manifest, input: ApiWorkloadInput) {
  const { service } = manifest;
  return [
    { name: "MODE", value: input.track },
    { name: "PORT", value: String(service.port) },
    { name: "HOST", value: "0.0.0.0" },
    { name: "APP_VERSION", value: input.version },
    { name: "SERVICE_NAME", value: service.name },
    { name: "NODE_ENV", value: "production" },
    {
      name: "CHAOS_TOKEN",
      valueFrom: { secretKeyRef: { name: K8S_NAMES.chaosToken, key: SECRET_KEYS.chaosToken } },
    },
  ];
}

/**
 * One API track (stable or canary) as a Deployment: one replica, like the Docker container, rolled
 * by surge (a new version is ready before the old one stops).
 */
export function renderApiDeployment(manifest: Manifest, input: ApiWorkloadInput) {
  const role = apiRole(input.track);
  const { service } = manifest;
  return {
    metadata: {
      name: K8S_NAMES.apiService[input.track],
      namespace: input.namespace,
      labels: stackLabels(manifest, role),
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: selectorLabels(manifest, role) },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: {
          labels: { ...stackLabels(manifest, role), "dev.swiftdeploy.version": input.version },
          annotations: { [IMAGE_ANNOTATION]: input.imageName },
        },
        spec: {
          ...podBaseline(),
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: "api",
              image: input.image,
              imagePullPolicy: "IfNotPresent",
              ports: [{ name: "http", containerPort: service.port, protocol: "TCP" }],
              env: apiEnv(manifest, input),
              resources: resourceLimits(service.resources.memoryMb, service.resources.cpus),
              securityContext: restrictedContainerSecurity(),
              readinessProbe: httpProbe("/readyz", service.port),
              livenessProbe: httpProbe("/healthz", service.port),
              volumeMounts: [TMP_MOUNT],
            },
          ],
          volumes: [tmpVolume()],
        },
      },
    },
  };
}

/** The track's ClusterIP Service: Nginx's upstream host (the Docker network alias's name). */
export function renderApiService(manifest: Manifest, namespace: string, track: Track) {
  const role = apiRole(track);
  return {
    metadata: {
      name: K8S_NAMES.apiService[track],
      namespace,
      labels: stackLabels(manifest, role),
    },
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(manifest, role),
      ports: [{ name: "http", port: manifest.service.port, targetPort: "http", protocol: "TCP" }],
    },
  };
}
