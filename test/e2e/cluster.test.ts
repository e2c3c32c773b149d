// The sandbox Kubernetes cluster is real: three systemd containers running containerd, kubelet and
// kube-proxy, a control plane as systemd units, pods wired by the bridge CNI with routes between the
// nodes. This boots its own cluster (own names, own /24) and checks what the next steps rely on.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, requireDocker } from "../kit/docker/docker";
import { REPO_ROOT } from "../kit/repo-root";
import type { SandboxCluster } from "../kit/cluster/cluster";
import { bootSandboxCluster } from "../kit/cluster/cluster";
import { startKubernetesProvider } from "../kit/cluster/kubernetes-provider";

function pinned(key: string): string {
  const versions = readFileSync(path.join(REPO_ROOT, "scripts/versions.env"), "utf8");
  const value = new RegExp(`^${key}=(\\S+)$`, "m").exec(versions)?.[1];
  if (value === undefined) throw new Error(`scripts/versions.env has no ${key}`);
  return value;
}
const IMAGE = `swiftdeploy/node-runtime:${pinned("NODE_RUNTIME_VERSION")}`;
const PROVIDER_VERSION = pinned("PULUMI_KUBERNETES_VERSION");
const PROVIDER_BINARY = path.join(
  process.env.SWIFTDEPLOY_CACHE ?? "/var/cache/swiftdeploy",
  `tools/pulumi-kubernetes-v${PROVIDER_VERSION}/pulumi-resource-kubernetes`,
);
const NAMESPACE = "cluster-smoke";
/** GETs process.argv[1] with a 5 s timeout and prints the body (busybox's /bin/wget in the image
 * segfaults when run directly as /bin/wget rather than through /bin/sh: exit 139). */
const FETCH =
  "fetch(process.argv[1], { signal: AbortSignal.timeout(5000) }).then((r) => r.text()).then((t) => process.stdout.write(t))";
/** Answers every request with the host name it sees: the pod's name, or the node's on the host network. */
const HOSTNAME_SERVER =
  "require('http').createServer((q, s) => s.end(require('os').hostname())).listen(Number(process.env.PORT))";

/** Retries `attempt` once a second for up to 30 s; the last error if it never succeeds. */
async function untilAnswered(attempt: () => Promise<string>): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

interface PodList {
  items: { metadata: { name: string }; spec: { nodeName: string }; status: { podIP: string } }[];
}
interface NodeList {
  items: {
    metadata: { name: string; labels: Record<string, string> };
    spec: { taints?: { key: string; effect: string }[]; podCIDR?: string };
    status: { conditions: { type: string; status: string }[] };
  }[];
}

function hostnameServer(port: number) {
  return {
    image: IMAGE,
    imagePullPolicy: "Never",
    command: ["node", "-e", HOSTNAME_SERVER],
    env: [{ name: "PORT", value: String(port) }],
    ports: [{ containerPort: port }],
    readinessProbe: { tcpSocket: { port }, periodSeconds: 1 },
  };
}

const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "echo", namespace: NAMESPACE },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "echo" } },
    template: {
      metadata: { labels: { app: "echo" } },
      spec: {
        // One replica per node: with the control plane tainted, that is one on each worker.
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                labelSelector: { matchLabels: { app: "echo" } },
                topologyKey: "kubernetes.io/hostname",
              },
            ],
          },
        },
        containers: [{ name: "echo", ...hostnameServer(8080) }],
      },
    },
  },
};

const nodePortService = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "echo", namespace: NAMESPACE },
  spec: { type: "NodePort", selector: { app: "echo" }, ports: [{ port: 80, targetPort: 8080 }] },
};

const HOST_PORT = 9377;
const hostDaemonSet = {
  apiVersion: "apps/v1",
  kind: "DaemonSet",
  metadata: { name: "host-echo", namespace: NAMESPACE },
  spec: {
    selector: { matchLabels: { app: "host-echo" } },
    template: {
      metadata: { labels: { app: "host-echo" } },
      spec: {
        hostNetwork: true,
        tolerations: [{ operator: "Exists" }],
        containers: [{ name: "host-echo", ...hostnameServer(HOST_PORT) }],
      },
    },
  },
};

describe("sandbox cluster: three real nodes, pods across them, Services and host-network pods", () => {
  let cluster: SandboxCluster;

  /** GETs a URL from a throwaway container on the cluster's Docker network (outside every node). */
  async function fetchFromTestNetwork(url: string): Promise<string> {
    const result = await docker([
      "run",
      "--rm",
      "--network",
      cluster.network,
      "--entrypoint",
      "node",
      IMAGE,
      "-e",
      FETCH,
      url,
    ]);
    if (result.code !== 0)
      throw new Error(`GET ${url} from ${cluster.network} failed: ${result.stderr}`);
    return result.stdout;
  }

  const apply = (objects: object[]) =>
    cluster.kubectlOk(
      ["apply", "-f", "-"],
      JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }),
    );

  beforeAll(async () => {
    await requireDocker();
    cluster = await bootSandboxCluster("sd-e2e-k8s", "172.31.252.0/24");
    await cluster.loadImages([IMAGE]);
    await cluster.kubectlOk(["create", "namespace", NAMESPACE]);
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it("has three Ready nodes: a tainted control plane and two workers labelled as edge nodes", async () => {
    const nodes = JSON.parse(await cluster.kubectlOk(["get", "nodes", "-o", "json"])) as NodeList;
    const byName = new Map(nodes.items.map((node) => [node.metadata.name, node]));
    const names = [cluster.controlPlane.name, ...cluster.workers.map((w) => w.name)];
    expect([...byName.keys()].sort()).toEqual([...names].sort());
    for (const node of nodes.items) {
      const ready = node.status.conditions.find((c) => c.type === "Ready");
      expect(ready?.status, `${node.metadata.name} Ready`).toBe("True");
      expect(node.spec.podCIDR, `${node.metadata.name} pod range`).toMatch(/^10\.244\.\d+\.0\/24$/);
    }
    const controlPlane = byName.get(cluster.controlPlane.name);
    expect(controlPlane?.spec.taints).toContainEqual(
      expect.objectContaining({
        key: "node-role.kubernetes.io/control-plane",
        effect: "NoSchedule",
      }),
    );
    const [edgeKey, edgeValue] = cluster.edgeLabel.split("=");
    for (const worker of cluster.workers)
      expect(byName.get(worker.name)?.metadata.labels[edgeKey ?? ""]).toBe(edgeValue);
    expect(controlPlane?.metadata.labels[edgeKey ?? ""]).toBeUndefined();
  });

  it("runs a Deployment's pods on both workers, and they reach each other across the nodes", async () => {
    await apply([deployment]);
    await cluster.kubectlOk([
      "-n",
      NAMESPACE,
      "rollout",
      "status",
      "deployment/echo",
      "--timeout=180s",
    ]);
    const pods = JSON.parse(
      await cluster.kubectlOk(["-n", NAMESPACE, "get", "pods", "-l", "app=echo", "-o", "json"]),
    ) as PodList;
    expect(pods.items.map((p) => p.spec.nodeName).sort()).toEqual(
      cluster.workers.map((w) => w.name).sort(),
    );
    const [first, second] = pods.items;
    if (!first || !second) throw new Error("expected two echo pods");
    for (const [from, to] of [
      [first, second],
      [second, first],
    ] as const) {
      const answer = await cluster.kubectlOk([
        "-n",
        NAMESPACE,
        "exec",
        from.metadata.name,
        "--",
        "node",
        "-e",
        FETCH,
        `http://${to.status.podIP}:8080/`,
      ]);
      expect(answer, `${from.spec.nodeName} -> ${to.spec.nodeName}`).toBe(to.metadata.name);
    }
  });

  it("answers on a NodePort Service at every node's address, from a container on the test network", async () => {
    await apply([nodePortService]);
    const nodePort = await cluster.kubectlOk([
      "-n",
      NAMESPACE,
      "get",
      "service",
      "echo",
      "-o",
      "jsonpath={.spec.ports[0].nodePort}",
    ]);
    const podNames = (
      await cluster.kubectlOk(["-n", NAMESPACE, "get", "pods", "-l", "app=echo", "-o", "name"])
    )
      .trim()
      .split("\n")
      .map((name) => name.replace("pod/", ""));
    // kube-proxy programs a new Service on each node within its sync period: ask until it answers.
    for (const node of [cluster.controlPlane, ...cluster.workers]) {
      const answer = await untilAnswered(() =>
        fetchFromTestNetwork(`http://${node.address}:${nodePort}/`),
      );
      expect(podNames, `NodePort ${nodePort} on ${node.name}`).toContain(answer);
    }
  });

  it("resolves the Service by its short name from a pod (CoreDNS, the namespace's search path)", async () => {
    const pods = JSON.parse(
      await cluster.kubectlOk(["-n", NAMESPACE, "get", "pods", "-l", "app=echo", "-o", "json"]),
    ) as PodList;
    const client = pods.items[0];
    if (!client) throw new Error("expected an echo pod");
    const answer = await cluster.kubectlOk([
      "-n",
      NAMESPACE,
      "exec",
      client.metadata.name,
      "--",
      "node",
      "-e",
      FETCH,
      "http://echo/",
    ]);
    expect(pods.items.map((p) => p.metadata.name)).toContain(answer);
  });

  it("runs a host-network DaemonSet pod on every node, control plane included", async () => {
    await apply([hostDaemonSet]);
    await cluster.kubectlOk([
      "-n",
      NAMESPACE,
      "rollout",
      "status",
      "daemonset/host-echo",
      "--timeout=180s",
    ]);
    for (const node of [cluster.controlPlane, ...cluster.workers]) {
      const answer = await fetchFromTestNetwork(`http://${node.address}:${HOST_PORT}/`);
      expect(answer, `host network of ${node.name}`).toBe(node.name);
    }
  });

  it("is driven by the real pulumi-resource-kubernetes at its pinned version: a ConfigMap created through it", async () => {
    const provider = await startKubernetesProvider(PROVIDER_BINARY);
    try {
      expect(await provider.version()).toBe(PROVIDER_VERSION);
      await provider.configure(readFileSync(cluster.kubeconfig, "utf8"));
      const id = await provider.create("kubernetes:core/v1:ConfigMap", "probe", {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "provider-probe", namespace: NAMESPACE },
        data: { written: "by the provider" },
      });
      expect(id).toBe(`${NAMESPACE}/provider-probe`);
      const data = await cluster.kubectlOk([
        "-n",
        NAMESPACE,
        "get",
        "configmap",
        "provider-probe",
        "-o",
        "jsonpath={.data.written}",
      ]);
      expect(data).toBe("by the provider");
    } finally {
      provider.stop();
    }
  });
});
