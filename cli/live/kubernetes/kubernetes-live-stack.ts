import type { OpaClient } from "../../../gate";
import { createFetchOpaClient } from "../../../gate";
import { readyPod } from "../../../components/kubernetes/deploy-gate";
import type { KubeClient, PortForward } from "../../../components/kubernetes/kubectl-client";
import { kubectlClient } from "../../../components/kubernetes/kubectl-client";
import { selectorLabels, stackLabels } from "../../../components/kubernetes/render/names";
import { OPA_PORT } from "../../../components/naming";
import { ErrorCode, SwiftDeployError } from "../../../core/errors";
import type { Manifest } from "../../../core/manifest";
import { Role } from "../../../core/roles";
import type { CliContext } from "../../context";
import type { StackOutputs } from "../../engine/stack-outputs";
import type { LiveContainer } from "../containers";
import type { DetectorAuditLines, DetectorSummary, LiveStack } from "../live-stack";
import { kubeAccess, stackNamespaces } from "./kube-access";
import { DetectorPods } from "./detector-pods";
import { labelSelector, parsePods } from "./pods";
import { proxyConfigMapName } from "./proxy-config";

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
  private readonly detectorPods: DetectorPods;

  constructor(
    private readonly client: KubeClient,
    readonly manifest: Manifest,
    private readonly namespaces: { readonly app: string; readonly detector: string },
    readonly label: string,
  ) {
    this.detectorPods = new DetectorPods(client, manifest, namespaces.detector);
  }

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

  /** The shared ban list as a detector pod holds it, and how many detector pods run. */
  detector(): Promise<DetectorSummary> {
    return this.detectorPods.summary();
  }

  /** Every detector pod's audit log, merged in time order. */
  detectorAudit(maxLines?: number): Promise<DetectorAuditLines> {
    return this.detectorPods.audit(maxLines);
  }

  /** The detector's CLI in a detector pod (kubectl exec); the shared list carries a ban to every node. */
  detectorVerb(args: readonly string[]): Promise<unknown> {
    return this.detectorPods.verb(args);
  }

  /** Stops every port-forward and removes kubectl's copy of the kubeconfig. */
  async close(): Promise<void> {
    const forwards = [...this.forwards.values()];
    this.forwards.clear();
    await Promise.all(forwards.map((f) => f.then((x) => x.close()).catch(() => undefined)));
    this.client.close();
  }
}
