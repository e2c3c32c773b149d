import type { Manifest } from "../../../core/manifest";
import { Role } from "../../../core/roles";
import { API_ALIASES, PROXY_LISTEN_PORT } from "../../naming";
import { renderNginxConf } from "../../render/nginx-conf";
import { PROXY_CONFIG_DIR, PROXY_RESOURCES, proxyCommand } from "../../render/proxy-container";
import { IMAGE_ANNOTATION } from "./api-workload";
import { contentName, EDGE_NODE_LABEL, K8S_NAMES, selectorLabels, stackLabels } from "./names";
import {
  httpProbe,
  podBaseline,
  resourceLimits,
  restrictedContainerSecurity,
  TMP_MOUNT,
  tmpVolume,
} from "./pod-security";

/**
 * Nginx logs each request to its stdout, where the kubelet keeps it (/var/log/pods, rotated by
 * the kubelet): a non-root Nginx cannot create files in a hostPath, which the kubelet makes
 * root-owned.
 */
export const PROXY_ACCESS_LOG = "/dev/stdout";

/** Nginx's container: the detector reads its log (detector-workload.ts). */
export const PROXY_CONTAINER = "nginx";

/**
 * The same nginx.conf as on Docker (components/render/nginx-conf.ts): the upstreams are the
 * stable and canary Services, named like the Docker aliases, so the manifest's canary weight
 * splits requests between them exactly as it splits them between the two containers.
 */
export function renderProxyConfigData(manifest: Manifest): Record<string, string> {
  return {
    "nginx.conf": renderNginxConf(manifest, {
      upstreamHosts: API_ALIASES,
      accessLogPath: PROXY_ACCESS_LOG,
      listenPort: PROXY_LISTEN_PORT,
    }),
  };
}

/** The ConfigMap holding nginx.conf; its name changes with its content (see contentName). */
export function renderProxyConfigMap(manifest: Manifest, namespace: string) {
  const data = renderProxyConfigData(manifest);
  return {
    metadata: {
      name: contentName(`${K8S_NAMES.proxy}-config`, data),
      namespace,
      labels: stackLabels(manifest, Role.Proxy),
    },
    data,
  };
}

/** What the proxy's DaemonSet needs beyond the manifest. */
export interface ProxyWorkloadInput {
  readonly namespace: string;
  readonly configMapName: string;
  readonly image: string;
  readonly imageName: string;
}

/**
 * Nginx on every edge node, as a DaemonSet: the NodePort Service keeps client addresses
 * (externalTrafficPolicy Local) and so answers only on nodes that run an Nginx pod, which must
 * then be every edge node, once; the detector beside it on the same node watches its traffic.
 * Rolled by surge: the new pod is ready before the old one stops.
 */
export function renderProxyDaemonSet(manifest: Manifest, input: ProxyWorkloadInput) {
  return {
    metadata: {
      name: K8S_NAMES.proxy,
      namespace: input.namespace,
      labels: stackLabels(manifest, Role.Proxy),
    },
    spec: {
      selector: { matchLabels: selectorLabels(manifest, Role.Proxy) },
      updateStrategy: {
        type: "RollingUpdate",
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      template: {
        metadata: {
          labels: stackLabels(manifest, Role.Proxy),
          annotations: { [IMAGE_ANNOTATION]: input.imageName },
        },
        spec: {
          ...podBaseline(),
          nodeSelector: { [EDGE_NODE_LABEL.key]: EDGE_NODE_LABEL.value },
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: PROXY_CONTAINER,
              image: input.image,
              imagePullPolicy: "IfNotPresent",
              command: proxyCommand(),
              ports: [{ name: "http", containerPort: PROXY_LISTEN_PORT, protocol: "TCP" }],
              resources: resourceLimits(PROXY_RESOURCES.memoryMb, PROXY_RESOURCES.cpus),
              securityContext: restrictedContainerSecurity(),
              readinessProbe: httpProbe("/nginx-health", PROXY_LISTEN_PORT),
              livenessProbe: httpProbe("/nginx-health", PROXY_LISTEN_PORT),
              volumeMounts: [
                { name: "config", mountPath: PROXY_CONFIG_DIR, readOnly: true },
                TMP_MOUNT,
              ],
            },
          ],
          volumes: [{ name: "config", configMap: { name: input.configMapName } }, tmpVolume()],
        },
      },
    },
  };
}

/**
 * The stack's only public entry: a NodePort on the edge nodes. `Local` keeps the client's address
 * (no SNAT), which the access log, the rate limits and the detector's bans depend on.
 */
export function renderProxyService(manifest: Manifest, namespace: string, nodePort?: number) {
  return {
    metadata: {
      name: K8S_NAMES.proxy,
      namespace,
      labels: stackLabels(manifest, Role.Proxy),
    },
    spec: {
      type: "NodePort",
      externalTrafficPolicy: "Local",
      selector: selectorLabels(manifest, Role.Proxy),
      ports: [
        {
          name: "http",
          port: manifest.proxy.publicPort,
          targetPort: "http",
          protocol: "TCP",
          ...(nodePort === undefined ? {} : { nodePort }),
        },
      ],
    },
  };
}
