import type { OpaClient } from "../../../gate";
import { createFetchOpaClient } from "../../../gate";
import { readyPod } from "../../../components/kubernetes/deploy-gate";
import type { KubeClient, PortForward } from "../../../components/kubernetes/kubectl-client";
import { kubectlClient } from "../../../components/kubernetes/kubectl-client";
import {
  K8S_NAMES,
  selectorLabels,
  stackLabels,
} from "../../../components/kubernetes/render/names";
import { OPA_PORT } from "../../../components/naming";
import { ErrorCode, SwiftDeployError } from "../../../core/errors";
import type { Manifest } from "../../../core/manifest";
import { Role } from "../../../core/roles";
import type { CliContext } from "../../context";
import type { StackOutputs } from "../../engine/stack-outputs";
import type { LiveContainer } from "../containers";
import type { DetectorAuditLines, DetectorSummary, LiveStack } from "../live-stack";
import { kubeAccess, stackNamespaces } from "./kube-access";
import { labelSelector, parsePods } from "./pods";
import { proxyConfigMapName } from "./proxy-config";

/** Why the detector's bans and audit log cannot be shown on Kubernetes yet (docs/kubernetes.md). */
export const DETECTOR_NOT_YET =
  "the detector does not read Nginx's log on Kubernetes yet, so it bans nothing and writes no audit log (docs/kubernetes.md)";

/** Why `swiftdeploy bans`, `ban`, `unban` and `explain` stop on Kubernetes (exit 14). */
export const BAN_CONTROL_NOT_YET = `ban control (bans, ban, unban, explain) is not supported on the kubernetes target yet: ${DETECTOR_NOT_YET}`;

interface PodList {
  readonly items?: readonly Record<string, unknown>[];
}

/**
 * The stack on a Kubernetes cluster, reached only through the API server: pods and ConfigMaps read
 * with kubectl, and `kubectl port-forward` into a pod for its private ports (an API pod's /metrics
 * and /chaos, OPA on its pod's loopback), as the deploy gate reaches OPA. Nothing goes through the
 * public NodePort.
 */
export class KubernetesLiveStack implements LiveStack {
  private readonly forwards = new Map<string, Promise<PortForward>>();

  constructor(
    private readonly client: KubeClient,
    readonly manifest: Manifest,
    private readonly namespaces: { readonly app: string; readonly detector: string },
    readonly label: string,
  ) {}

  /** Opens kubectl on the stack's kubeconfig; the namespaces come from the stack's outputs. */
  static async connect(
    ctx: CliContext,
    manifest: Manifest,
    outputs: StackOutputs,
  ): Promise<KubernetesLiveStack> {
    const access = await kubeAccess(ctx);
    const namespaces = stackNamespaces(ctx, manifest, outputs);
    const client = kubectlClient({ kubectl: access.kubectl, kubeconfig: access.kubeconfig });
    const label = `namespace ${namespaces.app} on ${access.server ?? "the cluster"}`;
    return new KubernetesLiveStack(client, manifest, namespaces, label);
  }

  private async pods(namespace: string, labels: Record<string, string>): Promise<PodList> {
    return (await this.client.getJson(
      `/api/v1/namespaces/${namespace}/pods?labelSelector=${labelSelector(labels)}`,
    )) as PodList;
  }

  /** The stack's pods in its namespace: API tracks, Nginx on each edge node, OPA. */
  async containers(): Promise<LiveContainer[]> {
    const pods = parsePods(await this.pods(this.namespaces.app, stackLabels(this.manifest)));
    // Forwards into pods that are gone (a rollout replaced them) are closed.
    for (const key of [...this.forwards.keys()]) {
      if (!pods.some((p) => key.startsWith(`${p.name}:`))) this.dropForward(key);
    }
    return pods;
  }

  /** nginx.conf from the ConfigMap the proxy's DaemonSet mounts (the one its pods roll to). */
  /** Each edge node's Nginx writes its own log: not read as one yet (the API's view decides). */
  accessLogTail(): Promise<null> {
    return Promise.resolve(null);
  }

  async proxyConfig(): Promise<string | null> {
    const { app } = this.namespaces;
    const list = (await this.client.getJson(
      `/apis/apps/v1/namespaces/${app}/daemonsets?labelSelector=${labelSelector(selectorLabels(this.manifest, Role.Proxy))}`,
    )) as PodList;
    const name = proxyConfigMapName(list.items?.[0]);
    if (name === undefined) return null;
    const configMap = (await this.client.getJson(
      `/api/v1/namespaces/${app}/configmaps/${name}`,
    )) as {
      data?: Record<string, string>;
    };
    return configMap.data?.["nginx.conf"] ?? null;
  }

  private forward(pod: string, port: number): Promise<PortForward> {
    const key = `${pod}:${port}`;
    let forward = this.forwards.get(key);
    if (forward === undefined) {
      forward = this.client.portForward(this.namespaces.app, pod, port);
      forward.catch(() => this.forwards.delete(key));
      this.forwards.set(key, forward);
    }
    return forward;
  }

  private dropForward(key: string): void {
    const forward = this.forwards.get(key);
    this.forwards.delete(key);
    void forward?.then((f) => f.close()).catch(() => undefined);
  }

  /** A request to an API pod's port through a port-forward; a failed forward is opened again next time. */
  async requestApi(
    container: LiveContainer,
    pathname: string,
    init: RequestInit = {},
    timeoutMs = 5000,
  ): Promise<Response> {
    const port = this.manifest.service.port;
    const { baseUrl } = await this.forward(container.name, port);
    try {
      return await fetch(`${baseUrl}${pathname}`, {
        ...init,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      this.dropForward(`${container.name}:${port}`);
      throw error;
    }
  }

  /** OPA in its ready pod, through a port-forward (it listens on the pod's loopback only). */
  async opa(log?: (line: string) => void): Promise<OpaClient> {
    const { app } = this.namespaces;
    const pods = await this.pods(app, selectorLabels(this.manifest, Role.Opa));
    const pod = readyPod((pods.items ?? []) as Parameters<typeof readyPod>[0]);
    if (pod === undefined) {
      throw new SwiftDeployError(
        ErrorCode.PolicyUnreachable,
        `no ready OPA pod in namespace ${app} (${this.label})`,
        ["deploy the stack first: swiftdeploy deploy"],
      );
    }
    const { baseUrl } = await this.forward(pod, OPA_PORT);
    return createFetchOpaClient({ baseUrl, log });
  }

  /** How many detector pods run, and that they do not ban on Kubernetes yet. */
  async detector(): Promise<DetectorSummary> {
    const detectors = parsePods(
      await this.pods(this.namespaces.detector, selectorLabels(this.manifest, Role.Detector)),
    );
    const running = detectors.filter((d) => d.running).length;
    return {
      activeBans: null,
      recent: [],
      error: `${running} of ${detectors.length} detector pods run on the edge nodes, but ${DETECTOR_NOT_YET}`,
    };
  }

  /** Not on Kubernetes yet: the detector writes no audit log there. */
  async detectorAudit(): Promise<DetectorAuditLines> {
    return {
      lines: [],
      error: DETECTOR_NOT_YET,
      file: `the ${K8S_NAMES.detector} pods in namespace ${this.namespaces.detector}`,
    };
  }

  /** Not on Kubernetes yet: the detector bans nothing there. */
  async detectorVerb(): Promise<unknown> {
    throw new SwiftDeployError(ErrorCode.NotOnTarget, BAN_CONTROL_NOT_YET, [
      "the stack runs on kubernetes; docs/kubernetes.md says what works there now",
    ]);
  }

  /** Stops every port-forward and removes kubectl's copy of the kubeconfig. */
  async close(): Promise<void> {
    const forwards = [...this.forwards.values()];
    this.forwards.clear();
    await Promise.all(forwards.map((f) => f.then((x) => x.close()).catch(() => undefined)));
    this.client.close();
  }
}
