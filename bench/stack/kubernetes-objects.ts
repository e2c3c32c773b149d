import { stringify } from "yaml";
import { DEPLOY_GATE_ANNOTATION } from "../../components/kubernetes/api-track";
import type { KubernetesImages } from "../../components/kubernetes/kubernetes-stack";
import {
  renderApiDeployment,
  renderApiService,
} from "../../components/kubernetes/render/api-workload";
import { renderBanList } from "../../components/kubernetes/render/ban-list";
import {
  renderDetectorConfigMap,
  renderDetectorDaemonSet,
} from "../../components/kubernetes/render/detector-workload";
import { namespaceNames } from "../../components/kubernetes/render/names";
import { PodSecurityLevel, renderNamespace } from "../../components/kubernetes/render/namespace";
import { renderNetworkPolicies } from "../../components/kubernetes/render/network-policies";
import {
  renderOpaConfigMap,
  renderOpaDeployment,
} from "../../components/kubernetes/render/opa-workload";
import {
  renderProxyConfigMap,
  renderProxyDaemonSet,
  renderProxyService,
} from "../../components/kubernetes/render/proxy-workload";
import { chaosTokenSecret } from "../../components/kubernetes/render/secrets";
import { trackVersion } from "../../components/render/api-container";
import type { Manifest } from "../../core/manifest";

/** What the objects need beyond the manifest (as the Kubernetes target resolves them). */
export interface KubernetesObjectsInput {
  readonly namespace?: string;
  readonly nodePort?: number;
  readonly images: KubernetesImages;
  readonly policies: Readonly<Record<string, string>>;
  readonly chaosToken: string;
}

/** The stack's objects in the order `kubectl apply` should create them, and where they live. */
export interface KubernetesObjects {
  readonly namespaces: { readonly app: string; readonly detector: string };
  readonly objects: readonly (Named & { readonly apiVersion: string; readonly kind: string })[];
  /** `deployment/opa`, `daemonset/proxy`, …: what `kubectl rollout status` waits for. */
  readonly workloads: readonly { readonly namespace: string; readonly name: string }[];
}

interface Named {
  readonly metadata: { readonly name: string; readonly namespace?: string };
}

const typed = <T extends Named>(apiVersion: string, kind: string, object: T) => ({
  apiVersion,
  kind,
  ...object,
});

/**
 * The same objects `KubernetesStack` creates (components/kubernetes/kubernetes-stack.ts), from
 * the same renderers with the same inputs, for `kubectl apply`: namespaces, NetworkPolicies, the
 * chaos-token Secret, OPA, the API tracks (their pods carrying the deploy gate's "allowed", which
 * the program sets once OPA said yes; no gate runs here), Nginx and the detector. No alert webhook
 * (the bench's manifest has none).
 */
export function kubernetesObjects(
  manifest: Manifest,
  input: KubernetesObjectsInput,
): KubernetesObjects {
  const names = namespaceNames(manifest, input.namespace);
  const { key, ...tokenSecret } = chaosTokenSecret(manifest, names.app);
  const opaConfig = renderOpaConfigMap(manifest, names.app, input.policies);
  const tracks = (["stable", "canary"] as const).flatMap((track) => {
    const version = trackVersion(manifest, track);
    const image = version === undefined ? undefined : input.images.api[version];
    if (version === undefined || image === undefined) return [];
    const deployment = renderApiDeployment(manifest, {
      namespace: names.app,
      track,
      version,
      image: image.pinned,
      imageName: image.name,
    });
    const template = deployment.spec.template;
    const gated = {
      ...deployment,
      spec: {
        ...deployment.spec,
        template: {
          ...template,
          metadata: {
            ...template.metadata,
            annotations: { ...template.metadata.annotations, [DEPLOY_GATE_ANNOTATION]: "allowed" },
          },
        },
      },
    };
    return [
      typed("apps/v1", "Deployment", gated),
      typed("v1", "Service", renderApiService(manifest, names.app, track)),
    ];
  });
  const proxyConfig = renderProxyConfigMap(manifest, names.app);
  const detectorConfig = renderDetectorConfigMap(manifest, names.detector, names.app);
  const banList = renderBanList(manifest, names.detector);
  const objects: KubernetesObjects["objects"] = [
    typed("v1", "Namespace", renderNamespace(manifest, names.app, PodSecurityLevel.Restricted)),
    ...renderNetworkPolicies(manifest, names.app).map((p) =>
      typed("networking.k8s.io/v1", "NetworkPolicy", p),
    ),
    typed("v1", "Secret", { ...tokenSecret, stringData: { [key]: input.chaosToken } }),
    typed("v1", "ConfigMap", opaConfig),
    typed(
      "apps/v1",
      "Deployment",
      renderOpaDeployment(manifest, {
        namespace: names.app,
        configMapName: opaConfig.metadata.name,
        image: input.images.opa.pinned,
        imageName: input.images.opa.name,
      }),
    ),
    ...tracks,
    typed("v1", "ConfigMap", proxyConfig),
    typed(
      "apps/v1",
      "DaemonSet",
      renderProxyDaemonSet(manifest, {
        namespace: names.app,
        configMapName: proxyConfig.metadata.name,
        image: input.images.nginx.pinned,
        imageName: input.images.nginx.name,
      }),
    ),
    typed("v1", "Service", renderProxyService(manifest, names.app, input.nodePort)),
    typed(
      "v1",
      "Namespace",
      renderNamespace(manifest, names.detector, PodSecurityLevel.Privileged),
    ),
    typed("v1", "ConfigMap", detectorConfig),
    typed("v1", "ConfigMap", banList.configMap),
    typed("v1", "ServiceAccount", banList.serviceAccount),
    typed("rbac.authorization.k8s.io/v1", "Role", banList.role),
    typed("rbac.authorization.k8s.io/v1", "RoleBinding", banList.roleBinding),
    typed(
      "apps/v1",
      "DaemonSet",
      renderDetectorDaemonSet(manifest, {
        namespace: names.detector,
        configMapName: detectorConfig.metadata.name,
        image: input.images.detector.pinned,
        imageName: input.images.detector.name,
        webhook: false,
      }),
    ),
  ];
  const workloads = objects
    .filter((o) => o.kind === "Deployment" || o.kind === "DaemonSet")
    .map((o) => ({
      namespace: o.metadata.namespace ?? "",
      name: `${o.kind.toLowerCase()}/${o.metadata.name}`,
    }));
  return { namespaces: names, objects, workloads };
}

/** The objects as one multi-document YAML file. */
export function objectsYaml(objects: KubernetesObjects["objects"]): string {
  return objects.map((o) => stringify(o)).join("---\n");
}
