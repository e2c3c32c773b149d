import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { Manifest } from "../../core/manifest";
import { Role } from "../../core/roles";
import { versionsByTrack } from "../render/api-container";
import { renderOpaData } from "../render/opa-data";
import { ApiTrack } from "./api-track";
import { kubernetesDeployGate, type KubernetesDeployGateArgs } from "./deploy-gate";
import { EdgeDetector } from "./edge-detector";
import { EdgeProxy } from "./edge-proxy";
import { KubernetesPolicyServer } from "./policy-server";
import { renderNamespace, PodSecurityLevel } from "./render/namespace";
import { renderNetworkPolicies } from "./render/network-policies";
import { EDGE_NODE_LABEL, namespaceNames, selectorLabels } from "./render/names";
import { chaosTokenSecret } from "./render/secrets";

/** An image as the manifest names it and the pinned reference pods run (render/image-pin.ts). */
export interface ImageChoice {
  readonly name: string;
  readonly pinned: string;
}

/** The images of the stack; API images by version. */
export interface KubernetesImages {
  readonly nginx: ImageChoice;
  readonly opa: ImageChoice;
  readonly detector: ImageChoice;
  readonly api: Readonly<Record<string, ImageChoice>>;
}

/** Arguments of {@link KubernetesStack}. */
export interface KubernetesStackArgs {
  readonly manifest: Manifest;
  /** The kubeconfig's content (a Pulumi secret). */
  readonly kubeconfig: pulumi.Input<string>;
  /** The application's namespace (default `swiftdeploy-<service>`). */
  readonly namespace?: string;
  readonly nodePort?: number;
  readonly images: KubernetesImages;
  /** Runtime Rego modules by file name. */
  readonly policies: Readonly<Record<string, string>>;
  readonly chaosToken: pulumi.Input<string>;
  readonly webhookUrl?: pulumi.Input<string>;
  /** The kubectl the deploy gate runs. */
  readonly kubectl: string;
  /** The deploy gate; the real one asks OPA in the cluster (tests pass a recording twin). */
  readonly gate?: (args: KubernetesDeployGateArgs) => pulumi.Output<string>;
}

/** What the manifest asks that the Kubernetes target cannot do yet: refused before any resource. */
export function unsupportedOnKubernetes(manifest: Manifest): string[] {
  return manifest.proxy.trustedProxies.length > 0
    ? [
        "proxy.trustedProxies is not supported on the kubernetes target yet: the detector's Nginx deny list needs the detector's Kubernetes step (docs/kubernetes.md); remove it or deploy to docker",
      ]
    : [];
}

function imageFor(images: KubernetesImages, version: string): ImageChoice {
  const image = images.api[version];
  if (image === undefined) {
    throw new SwiftDeployError(ErrorCode.Internal, `no API image resolved for version ${version}`);
  }
  return image;
}

/**
 * The whole stack on a Kubernetes cluster from the same manifest: namespaces, OPA and the deploy
 * gate, the API tracks, Nginx on the edge nodes as the only public entry, NetworkPolicies, and the
 * detector's DaemonSet.
 */
export class KubernetesStack extends pulumi.ComponentResource {
  readonly namespace: string;
  readonly nodePort: pulumi.Output<number>;
  readonly publicEndpoint: pulumi.Output<string>;
  readonly images: Record<string, string>;
  readonly workloads: Record<string, string>;

  constructor(name: string, args: KubernetesStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super("swiftdeploy:kubernetes:Stack", name, {}, opts);
    const { manifest } = args;
    const unsupported = unsupportedOnKubernetes(manifest);
    if (unsupported.length > 0) {
      throw new SwiftDeployError(
        ErrorCode.ManifestInvalid,
        "the manifest asks for what the kubernetes target cannot do",
        unsupported,
      );
    }
    const names = namespaceNames(manifest, args.namespace);
    const cluster = new k8s.Provider(
      `${name}-cluster`,
      { kubeconfig: args.kubeconfig },
      { parent: this },
    );
    const inCluster = { parent: this, provider: cluster };
    const appNamespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      renderNamespace(manifest, names.app, PodSecurityLevel.Restricted),
      inCluster,
    );
    const inApp = { ...inCluster, dependsOn: [appNamespace] };
    const isolation = renderNetworkPolicies(manifest, names.app).map(
      (policy) =>
        new k8s.networking.v1.NetworkPolicy(
          `${name}-netpol-${policy.metadata.name}`,
          policy,
          inApp,
        ),
    );
    const { key, ...tokenSecret } = chaosTokenSecret(manifest, names.app);
    const token = new k8s.core.v1.Secret(
      `${name}-chaos-token`,
      { ...tokenSecret, stringData: { [key]: pulumi.secret(args.chaosToken) } },
      inApp,
    );
    const policy = new KubernetesPolicyServer(
      `${name}-opa`,
      {
        manifest,
        namespace: names.app,
        image: args.images.opa.pinned,
        imageName: args.images.opa.name,
        policies: args.policies,
      },
      inApp,
    );
    const gate = (args.gate ?? kubernetesDeployGate)({
      namespace: names.app,
      opaSelector: Object.entries(selectorLabels(manifest, Role.Opa))
        .map(([k, v]) => `${k}=${v}`)
        .join(","),
      expectedData: renderOpaData(manifest.policy),
      kubeconfig: args.kubeconfig,
      kubectl: args.kubectl,
      opaReady: policy.deployment.metadata.uid,
    });
    const tracks = versionsByTrack(manifest).map(([track, version]) => {
      const image = imageFor(args.images, version);
      return new ApiTrack(
        `${name}-api-${track}`,
        {
          manifest,
          namespace: names.app,
          track,
          version,
          image: image.pinned,
          imageName: image.name,
          deployGate: gate,
        },
        { ...inApp, dependsOn: [appNamespace, token, ...isolation] },
      );
    });
    const proxy = new EdgeProxy(
      `${name}-proxy`,
      {
        manifest,
        namespace: names.app,
        image: args.images.nginx.pinned,
        imageName: args.images.nginx.name,
        nodePort: args.nodePort,
        upstreams: tracks.map((t) => t.service),
      },
      inApp,
    );
    const detectorNamespace = new k8s.core.v1.Namespace(
      `${name}-detector-namespace`,
      renderNamespace(manifest, names.detector, PodSecurityLevel.Privileged),
      inCluster,
    );
    new EdgeDetector(
      `${name}-detector`,
      {
        manifest,
        namespace: names.detector,
        appNamespace: names.app,
        image: args.images.detector.pinned,
        imageName: args.images.detector.name,
        webhookUrl: args.webhookUrl,
      },
      { ...inCluster, dependsOn: [detectorNamespace, proxy] },
    );

    this.namespace = names.app;
    this.nodePort = proxy.nodePort;
    this.publicEndpoint = pulumi.interpolate`NodePort ${proxy.nodePort} on every node labelled ${EDGE_NODE_LABEL.key}=${EDGE_NODE_LABEL.value}`;
    this.images = Object.fromEntries([
      ["nginx", args.images.nginx.pinned],
      ["opa", args.images.opa.pinned],
      ["detector", args.images.detector.pinned],
      ...Object.entries(args.images.api).map(([version, image]) => [version, image.pinned]),
    ]);
    this.workloads = {
      namespace: names.app,
      detectorNamespace: names.detector,
      proxy: "daemonset/proxy",
      opa: "deployment/opa",
      detector: "daemonset/detector",
      ...Object.fromEntries(versionsByTrack(manifest).map(([t]) => [t, `deployment/api-${t}`])),
    };
    this.registerOutputs({
      nodePort: this.nodePort,
      publicEndpoint: this.publicEndpoint,
      images: this.images,
      workloads: this.workloads,
    });
  }
}
