import * as pulumi from "@pulumi/pulumi";
import { createHmac } from "node:crypto";
import path from "node:path";
import type { Manifest } from "../../core/manifest";
import { apiImageName } from "../api-image";
import { resolveKubeconfig } from "../kubernetes/kubeconfig";
import {
  KubernetesStack,
  type ImageChoice,
  type KubernetesImages,
} from "../kubernetes/kubernetes-stack";
import { dockerImageInspector, type ImageInspector } from "../kubernetes/local-images";
import { pinnedImage } from "../kubernetes/render/image-pin";
import { runtimePolicies } from "../local-artifacts";
import { versionsByTrack } from "../render/api-container";
import type { Target } from "./target";

/** The detector image the cluster runs unless the stack config names another. */
export const DEFAULT_DETECTOR_IMAGE = "swiftdeploy/detector:dev";

/** Every image of the stack, each pinned as this machine knows it. */
export function resolveImages(
  manifest: Manifest,
  detectorImage: string,
  inspect: ImageInspector,
): KubernetesImages {
  const choose = (name: string): ImageChoice => ({
    name,
    pinned: pinnedImage(name, inspect(name)),
  });
  const versions = new Set(versionsByTrack(manifest).map(([, version]) => version));
  return {
    nginx: choose(manifest.images.nginx),
    opa: choose(manifest.images.opa),
    detector: choose(detectorImage),
    api: Object.fromEntries([...versions].map((v) => [v, choose(apiImageName(manifest, v))])),
  };
}

/** A Kubernetes cluster through a kubeconfig: the KubernetesStack. */
export const kubernetesTarget: Target = {
  deploy({ project, stack, projectDir, manifest, settings, secrets }) {
    const kubeconfig = resolveKubeconfig(
      secrets.kubeconfig,
      settings.kubeconfigFile && path.resolve(projectDir, settings.kubeconfigFile),
    );
    // Stable across updates, unique per stack, never stored in plain text: derived from the kubeconfig.
    const chaosToken = pulumi.secret(
      kubeconfig.apply((k) =>
        createHmac("sha256", k).update(`chaos:${project}/${stack}`).digest("hex"),
      ),
    );
    const images = resolveImages(
      manifest,
      settings.detectorImage ?? DEFAULT_DETECTOR_IMAGE,
      dockerImageInspector(),
    );
    const cluster = new KubernetesStack(project, {
      manifest,
      kubeconfig,
      namespace: settings.namespace,
      nodePort: settings.nodePort,
      images,
      policies: runtimePolicies(path.join(projectDir, "policies", "opa")),
      chaosToken,
      webhookUrl: secrets.webhookUrl,
      kubectl: settings.kubectl,
    });
    return {
      target: "kubernetes",
      images: cluster.images,
      chaosToken,
      namespace: cluster.namespace,
      nodePort: cluster.nodePort,
      publicEndpoint: cluster.publicEndpoint,
      workloads: cluster.workloads,
    };
  },
};
