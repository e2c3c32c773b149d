import { kubectlClient } from "../../components/kubernetes/kubectl-client";
import { DeployTarget } from "../../core/stack-config";
import { edgeNodes, edgeUrls } from "../live/kubernetes/edge-nodes";
import { kubeAccess, stackNamespaces } from "../live/kubernetes/kube-access";
import { KubernetesLiveStack } from "../live/kubernetes/kubernetes-live-stack";
import { kubernetesPreflight } from "../validate/kubernetes-preflight";
import type { LiveTarget } from "./live-target";

/** A Kubernetes cluster through the stack's kubeconfig: pods, ConfigMaps, port-forwards. */
export const kubernetesLiveTarget: LiveTarget = {
  name: DeployTarget.Kubernetes,
  connect: (ctx, manifest, outputs) => KubernetesLiveStack.connect(ctx, manifest, outputs),
  async publicUrls(ctx, outputs) {
    if (outputs.nodePort === undefined) return [];
    const access = await kubeAccess(ctx);
    const client = kubectlClient({ kubectl: access.kubectl, kubeconfig: access.kubeconfig });
    try {
      return edgeUrls(edgeNodes(await client.getJson("/api/v1/nodes")), outputs.nodePort);
    } finally {
      client.close();
    }
  },
  async where(ctx, manifest, outputs) {
    const { app, detector } = stackNamespaces(ctx, manifest, outputs);
    const server = (await kubeAccess(ctx)).server;
    return `namespaces ${app} and ${detector} on ${server ?? "the cluster"}`;
  },
  deployedLines: (outputs) => [
    ...(outputs.publicEndpoint === undefined ? [] : [["entry", outputs.publicEndpoint] as const]),
    ...(outputs.namespace === undefined ? [] : [["namespace", outputs.namespace] as const]),
    [
      "detector",
      "a DaemonSet on the edge nodes: it reads Nginx's pod log on its node and bans in the node's kernel; one ban list for every node (swiftdeploy bans)",
    ],
    [
      "private",
      "OPA, /metrics and /chaos: swiftdeploy status, swiftdeploy chaos (kubectl port-forward)",
    ],
  ],
  preflight: kubernetesPreflight,
  notYet: {
    dashboard:
      "the detector's dashboard is not opened on the kubernetes target yet: each edge node's detector serves its own on the node's loopback; swiftdeploy bans and swiftdeploy status show the ban list every node shares",
  },
};
