// One ban list for every edge node, end to end on a 3-node sandbox cluster of this file's own: the
// stack deployed by the built `swiftdeploy` CLI, a ban written to the shared ConfigMap as a
// detector writes it, then every edge node's kernel (the detector's nftables set, read on the node)
// and traffic from a client container on the cluster network to every node's NodePort; last, a
// real flood through one node's Nginx, banned by that node's detector from Nginx's pod log and
// dropped on every edge node. Traffic goes only to the cluster's edge nodes.
import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dataKey,
  decodeSharedBan,
  encodeSharedBan,
} from "../../detector/shared-bans/shared-ban-codec";
import { requireDocker } from "../kit/docker/docker";
import type { PulumiEnv } from "../kit/pulumi/pulumi-env";
import { buildSandbox, pulumiEnv } from "../kit/pulumi/pulumi-env";
import type { ClusterNode, SandboxCluster } from "../kit/cluster/cluster";
import { bootSandboxCluster, importAppImages } from "../kit/cluster/cluster";
import { nodeKernelBans as kernelBans } from "../kit/cluster/node-kernel";
import { NODE_IMAGE, runClient } from "../kit/clients/client-container";
import type { ProjectCopy } from "../kit/stack/project-copy";
import { copyProject } from "../kit/stack/project-copy";
import { swiftdeploy } from "../kit/stack/swiftdeploy-cli";

const CLUSTER = "sd-e2e-k8s-bans";
const SUBNET = "172.31.252.0/24";
const NAMESPACE = "sd-bans";
const DETECTOR_NAMESPACE = `${NAMESPACE}-detector`;
const NODE_PORT = 30080;
const ATTACKER = "172.31.252.200";
const BYSTANDER = "172.31.252.201";
const FLOODER = "172.31.252.220";

function run(
  cmd: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(cmd, args, { maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      resolve({
        code: error === null ? 0 : ((error as { code?: number }).code ?? 1),
        stdout,
        stderr,
      }),
    ),
  );
}

/** The name of the detector pod on `node`. */
async function detectorPodOn(cluster: SandboxCluster, node: ClusterNode): Promise<string> {
  const pods = JSON.parse(
    await cluster.kubectlOk([
      "get",
      "pods",
      "-n",
      DETECTOR_NAMESPACE,
      "--field-selector",
      `spec.nodeName=${node.name}`,
      "-o",
      "json",
    ]),
  ) as { items: { metadata: { name: string } }[] };
  return pods.items[0]!.metadata.name;
}

/** One request from a container at `ip` on the cluster network: its status, or "dropped". */
async function requestFrom(cluster: SandboxCluster, ip: string, url: string): Promise<string> {
  const script = `fetch(process.argv[1],{signal:AbortSignal.timeout(3000)}).then(r=>console.log(r.status),()=>console.log("dropped"))`;
  const r = await run("docker", [
    "run",
    "--rm",
    "--network",
    cluster.network,
    "--ip",
    ip,
    "--entrypoint",
    "node",
    NODE_IMAGE,
    "-e",
    script,
    url,
  ]);
  return r.stdout.trim() || `error ${r.stderr.trim()}`;
}

async function poll<T>(what: () => Promise<T | undefined>, ms: number, stepMs = 50): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

describe("one ban list for every edge node (3-node cluster)", () => {
  let cluster: SandboxCluster;
  let project: ProjectCopy;
  let pulumi: PulumiEnv;

  const putBan = async (ip: string, untilMs: number | null, node: string) => {
    const value = encodeSharedBan({
      ip,
      family: 4,
      until: untilMs === null ? null : new Date(untilMs).toISOString(),
      rule: "zscore",
      node,
      at: new Date().toISOString(),
    });
    const patch = JSON.stringify({ data: { [dataKey(ip)]: value } });
    await cluster.kubectlOk([
      "patch",
      "configmap",
      "swiftdeploy-bans",
      "-n",
      DETECTOR_NAMESPACE,
      "--type",
      "merge",
      "-p",
      patch,
    ]);
  };
  const allHold = (ip: string) => async () => {
    const sets = await Promise.all(cluster.workers.map(kernelBans));
    return sets.every((s) => s.has(ip)) ? sets : undefined;
  };

  beforeAll(async () => {
    await requireDocker();
    buildSandbox();
    cluster = await bootSandboxCluster(CLUSTER, SUBNET);
    await importAppImages(CLUSTER, ["1.0.0"]);
    pulumi = pulumiEnv("k8s-bans", "swiftdeploy-local-testbed", { allowStandIns: false });
    project = copyProject(
      "k8s-bans",
      {
        "swiftdeploy:kubeconfigFile": cluster.kubeconfig,
        "swiftdeploy:namespace": NAMESPACE,
        "swiftdeploy:nodePort": NODE_PORT,
      },
      (text) => text.replace('  canary:\n    version: "1.1.0"\n    weight: 10\n', ""),
      "k8s",
    );
    const deployed = await swiftdeploy(pulumi.env, project, ["deploy", "--stack", "k8s"]);
    if (deployed.code !== 0)
      throw new Error(`deploy exited ${deployed.code}:\n${deployed.stdout}\n${deployed.stderr}`);
    await cluster.kubectlOk([
      "rollout",
      "status",
      "daemonset/detector",
      "-n",
      DETECTOR_NAMESPACE,
      "--timeout=120s",
    ]);
  });

  afterAll(async () => {
    if (project !== undefined)
      await swiftdeploy(pulumi.env, project, ["teardown", "--yes", "--stack", "k8s"]);
    await cluster?.destroy();
    project?.dispose();
    pulumi?.cleanup();
  });

  it("a ban in the shared list reaches every edge node's kernel, and the attacker is dropped on each", async () => {
    const urls = cluster.workers.map((w) => `http://${w.address}:${NODE_PORT}/`);
    for (const url of urls) expect(await requestFrom(cluster, ATTACKER, url)).toBe("200");
    const t0 = performance.now();
    await putBan(ATTACKER, Date.now() + 10 * 60_000, cluster.workers[0]!.name);
    await poll(allHold(ATTACKER), 10_000);
    const ms = Math.round(performance.now() - t0);
    console.log(
      `shared ban in every edge node's kernel ${ms} ms after the write (${cluster.workers.length} nodes)`,
    );
    for (const url of urls) {
      expect(await requestFrom(cluster, ATTACKER, url), url).toBe("dropped");
      expect(await requestFrom(cluster, BYSTANDER, url), url).toBe("200");
    }
  });

  it("ends the ban on every node at the same moment: each kernel's timeout comes from the listed until", async () => {
    const ip = "172.31.252.210";
    const untilMs = Date.now() + 20_000;
    await putBan(ip, untilMs, cluster.workers[1]!.name);
    const sets = await poll(allHold(ip), 10_000);
    const now = Date.now();
    const ends = sets.map((s) => now + (s.get(ip) ?? 0) * 1000);
    for (const end of ends)
      expect(Math.abs(end - untilMs), JSON.stringify(ends)).toBeLessThan(2_500);
    await poll(
      async () =>
        (await Promise.all(cluster.workers.map(kernelBans))).every((s) => !s.has(ip))
          ? true
          : undefined,
      30_000,
      250,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(untilMs - 1_000);
  });

  it("a restarted detector, on a node whose kernel lost its sets, holds the shared bans again", async () => {
    const node = cluster.workers[0]!;
    const pod = await detectorPodOn(cluster, node);
    // The kernel forgets first (as a rebooted node's would), then the pod goes with its emptyDir
    // state: only the shared list can give the ban back.
    expect(
      (await run("docker", ["exec", node.name, "nft", "delete", "table", "inet", "swiftdeploy"]))
        .code,
    ).toBe(0);
    expect((await kernelBans(node)).has(ATTACKER)).toBe(false);
    await cluster.kubectlOk(["delete", "pod", pod, "-n", DETECTOR_NAMESPACE, "--wait=true"]);
    await cluster.kubectlOk([
      "rollout",
      "status",
      "daemonset/detector",
      "-n",
      DETECTOR_NAMESPACE,
      "--timeout=120s",
    ]);
    await poll(
      async () => ((await kernelBans(node)).has(ATTACKER) ? true : undefined),
      60_000,
      250,
    );
    expect(await requestFrom(cluster, ATTACKER, `http://${node.address}:${NODE_PORT}/`)).toBe(
      "dropped",
    );
  });
  it("an operator's unban on one node's detector lifts the ban on every node", async () => {
    const node = cluster.workers[1]!;
    const pod = await detectorPodOn(cluster, node);
    const detector = ["node", "/opt/swiftdeploy/detector/swiftdeploy-detector.js"];
    const config = ["--config", "/etc/swiftdeploy/detector/detector.json"];
    const out = await cluster.kubectlOk([
      "exec",
      "-n",
      DETECTOR_NAMESPACE,
      pod,
      "--",
      ...detector,
      "unban",
      ATTACKER,
      ...config,
    ]);
    expect(out).toContain(ATTACKER);
    await poll(
      async () =>
        (await Promise.all(cluster.workers.map(kernelBans))).every((s) => !s.has(ATTACKER))
          ? true
          : undefined,
      10_000,
    );
    const list = JSON.parse(
      await cluster.kubectlOk([
        "get",
        "configmap",
        "swiftdeploy-bans",
        "-n",
        DETECTOR_NAMESPACE,
        "-o",
        "json",
      ]),
    ) as { data?: Record<string, string> };
    expect(Object.keys(list.data ?? {})).not.toContain(ATTACKER);
  });

  it("a flood through one node's Nginx is banned by that node's detector and dropped on every edge node within 2 s", async () => {
    const [first, ...others] = cluster.workers;
    const node = first!;
    // Each node's kernel watched on its own; the nodes are containers of this machine: one clock.
    const heldAt: (number | undefined)[] = cluster.workers.map(() => undefined);
    let watching = true;
    const watch = Promise.all(
      cluster.workers.map(async (w, i) => {
        while (watching && heldAt[i] === undefined) {
          if ((await kernelBans(w)).has(FLOODER)) heldAt[i] = Date.now();
          else await new Promise((r) => setTimeout(r, 20));
        }
      }),
    );
    const floodStart = Date.now();
    const flood = await runClient({
      name: "sd-e2e-k8s-flooder",
      network: cluster.network,
      ip: FLOODER,
      url: `http://${node.address}:${NODE_PORT}/`,
      count: 4000,
      concurrency: 20,
      pauseMs: 0,
      giveUpAfterFailures: 40,
    });
    await poll(async () => (heldAt.every((t) => t !== undefined) ? true : undefined), 10_000);
    watching = false;
    await watch;
    const list = JSON.parse(
      await cluster.kubectlOk([
        "get",
        "configmap",
        "swiftdeploy-bans",
        "-n",
        DETECTOR_NAMESPACE,
        "-o",
        "json",
      ]),
    ) as { data?: Record<string, string> };
    const entry = decodeSharedBan(list.data?.[dataKey(FLOODER)] ?? "");
    // Decided by the flooded node's own detector, from Nginx's pod log: nobody wrote this ban by hand.
    expect(entry?.node).toBe(node.name);
    const decidedAt = Date.parse(entry!.at);
    const everywhere = Math.max(...(heldAt as number[]));
    console.log(
      `flood: banned by ${node.name}'s detector ${decidedAt - floodStart} ms after the flooder container was started; in the kernel of ${heldAt.map((t, i) => `${cluster.workers[i]!.name} +${t! - decidedAt} ms`).join(", ")} after the decision; the flooder got ${JSON.stringify(flood.statuses)} and ${flood.failures} failures`,
    );
    expect(flood.failures).toBeGreaterThan(0);
    expect(everywhere - decidedAt).toBeLessThan(2_000);
    for (const w of [node, ...others]) {
      const url = `http://${w.address}:${NODE_PORT}/`;
      expect(await requestFrom(cluster, FLOODER, url), url).toBe("dropped");
      expect(await requestFrom(cluster, BYSTANDER, url), url).toBe("200");
    }
  });
});
