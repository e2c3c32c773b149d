// The day-to-day operations on the kubernetes target, end to end: the built `swiftdeploy` CLI
// drives the real engine (Automation API, the real pulumi-resource-kubernetes) against a temp copy
// of the project whose stack is a copy of Pulumi.k8s.yaml, on a 3-node sandbox cluster of this
// file's own. The twin of operations.test.ts (the Docker target). Traffic goes only to the
// cluster's edge nodes.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireDocker } from "../kit/docker/docker";
import type { PulumiEnv } from "../kit/pulumi/pulumi-env";
import { buildSandbox, pulumiEnv } from "../kit/pulumi/pulumi-env";
import type { SandboxCluster } from "../kit/cluster/cluster";
import { allowTestMachine, bootSandboxCluster, importAppImages } from "../kit/cluster/cluster";
import { nodeKernelBans } from "../kit/cluster/node-kernel";
import { poll } from "../kit/docker/docker-sync";
import type { LoadCounts } from "../kit/clients/load";
import { startLoad } from "../kit/clients/load";
import type { ProjectCopy } from "../kit/stack/project-copy";
import { copyProject } from "../kit/stack/project-copy";
import type { CliRun } from "../kit/stack/swiftdeploy-cli";
import { swiftdeploy } from "../kit/stack/swiftdeploy-cli";

const CLUSTER = "sd-e2e-k8s-ops";
const SUBNET = "172.31.254.0/24";
const NAMESPACE = "sd-ops";
const NODE_PORT = 30080;
const WINDOW = 10;
const REQUESTS = 1000;
/** An address banned by hand; nothing on the cluster network uses it. */
const INTRUDER = "172.31.254.77";

/** The manifest under test: stable 1.0.0 alone, and a 10 s promotion window needing 20 requests. */
function testManifest(text: string): string {
  return allowTestMachine(text, SUBNET)
    .replace('  canary:\n    version: "1.1.0"\n    weight: 10\n', "")
    .replace("    minRequests: 100\n", "    minRequests: 20\n")
    .replace("    windowSeconds: 60\n    relative:", `    windowSeconds: ${WINDOW}\n    relative:`);
}

describe("swiftdeploy operations on the kubernetes target (3-node cluster)", () => {
  let cluster: SandboxCluster;
  let project: ProjectCopy;
  let pulumi: PulumiEnv;
  let urls: string[];
  let tornDown = false;
  const cli = (...args: string[]): Promise<CliRun> =>
    swiftdeploy(pulumi.env, project, [...args, "--stack", "k8s"]);
  const ok = async (...args: string[]): Promise<CliRun> => {
    const run = await cli(...args);
    if (run.code !== 0)
      throw new Error(
        `swiftdeploy ${args.join(" ")} exited ${run.code}:\n${run.stdout}\n${run.stderr}`,
      );
    return run;
  };
  /** The Deployments in the stack's namespace, with the version their pods carry. */
  const deployments = async (): Promise<string[]> => {
    const list = JSON.parse(
      await cluster.kubectlOk(["get", "deployments", "-n", NAMESPACE, "-o", "json"]),
    ) as {
      items: {
        metadata: { name: string };
        spec: { template: { metadata: { labels: Record<string, string> } } };
      }[];
    };
    return list.items
      .map(
        (d) =>
          `${d.metadata.name} ${d.spec.template.metadata.labels["dev.swiftdeploy.version"] ?? "-"}`,
      )
      .sort();
  };
  /** Runs `fn` while traffic flows through Nginx on every edge node (25 requests/s each). */
  const underLoad = async <T>(fn: () => Promise<T>): Promise<T> => {
    const loads = urls.map((url) => startLoad(url, { perSecond: 25, maxSeconds: 300 }));
    try {
      return await fn();
    } finally {
      await Promise.all(loads.map((l) => l.stop()));
    }
  };
  /**
   * `count` requests through each edge node's Nginx, by the version that answered; 80 a second
   * at most, under the manifest's per-client rate limit (100/s), so none is refused with 429.
   */
  const sampleEach = (count: number): Promise<LoadCounts[]> =>
    Promise.all(
      urls.map(async (url) => {
        const load = startLoad(url, { perSecond: 80, maxSeconds: 60, maxRequests: count });
        await load.done;
        return load.stop();
      }),
    );

  beforeAll(async () => {
    await requireDocker();
    buildSandbox();
    cluster = await bootSandboxCluster(CLUSTER, SUBNET);
    await importAppImages(CLUSTER, ["1.0.0", "1.1.0", "1.2.0"]);
    urls = cluster.workers.map((w) => `http://${w.address}:${NODE_PORT}/`);
    // The local stack k8s runs with the public passphrase its committed config is salted with, and
    // without SWIFTDEPLOY_ALLOW_STANDINS: as an operator on this machine runs it.
    pulumi = pulumiEnv("k8s-ops", "swiftdeploy-local-testbed", { allowStandIns: false });
    project = copyProject(
      "k8s-ops",
      { "swiftdeploy:kubeconfigFile": cluster.kubeconfig, "swiftdeploy:namespace": NAMESPACE },
      testManifest,
      "k8s",
    );
  });

  afterAll(async () => {
    if (!tornDown && project !== undefined) await cli("teardown", "--yes");
    await cluster?.destroy();
    project?.dispose();
    pulumi?.cleanup();
  });

  it("deploy brings the stack up on the cluster and prints each edge node's URL", async () => {
    const run = await ok("deploy");
    expect(run.stderr).toContain("pulumi up of stack k8s (deploy)");
    for (const url of urls) {
      expect(run.stderr).toContain(`waiting for ${url} to answer 200`);
      expect(run.stdout).toContain(`public     ${url}\n`);
    }
    expect(run.stdout).toContain(`namespace  ${NAMESPACE}\n`);
    expect(run.stdout).toMatch(
      /^detector {3}a DaemonSet on the edge nodes: it reads Nginx's pod log on its node and bans in the node's kernel/m,
    );
    expect(await deployments()).toEqual(["api-stable 1.0.0", "opa -"]);
    for (const seen of await sampleEach(20)) expect(seen.versions).toEqual({ "1.0.0": 20 });
  });

  it("validate checks the cluster: API server, edge nodes, OPA through a port-forward", async () => {
    const run = await ok("validate", "--json");
    const results = JSON.parse(run.stdout) as { name: string; status: string; detail: string }[];
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ["manifest schema", "pass"],
      ["API bundle builds", "pass"],
      ["cluster reachable", "pass"],
      ["edge nodes ready", "pass"],
      ["OPA reachable", "pass"],
    ]);
    expect(results[2]?.detail).toContain("answers: Kubernetes v1.37.2");
  });

  it("canary start at 10 %: 1,000 requests through each edge node's Nginx split 10 % ± 3", async () => {
    const run = await ok("canary", "start", "1.1.0", "--weight", "10");
    expect(run.stdout).toContain("running stable 1.0.0 + canary 1.1.0 at 10 %");
    expect(project.manifest()).toContain('  canary:\n    version: "1.1.0"\n    weight: 10\n');
    expect(await deployments()).toEqual(["api-canary 1.1.0", "api-stable 1.0.0", "opa -"]);
    for (const seen of await sampleEach(REQUESTS)) {
      const canary = seen.versions["1.1.0"] ?? 0;
      expect(canary + (seen.versions["1.0.0"] ?? 0), JSON.stringify(seen)).toBe(REQUESTS);
      expect(canary, JSON.stringify(seen)).toBeGreaterThanOrEqual(70);
      expect(canary, JSON.stringify(seen)).toBeLessThanOrEqual(130);
    }
  });

  it("with 80 % errors injected into the canary pod, promote is refused (exit 3) and nothing changes", async () => {
    const chaos = await ok("chaos", "error", "0.8");
    expect(chaos.stdout).toMatch(
      /^api-canary-[a-z0-9]+-[a-z0-9]+: chaos error for 80 % of requests$/m,
    );
    const manifest = project.manifest();
    const run = await underLoad(() => cli("promote"));
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain("error [SD_POLICY_DENIED]: OPA refused to promote canary 1.1.0:");
    expect(run.stderr).toMatch(
      /Error rate (6\d|7\d|8\d|9\d)\.\d\d% exceeds maximum 1\.00% \(\d+ of \d+ requests failed\)/,
    );
    expect(run.stderr).toContain(
      "nothing was changed: the stack still runs stable 1.0.0 + canary 1.1.0 at 10 %",
    );
    expect(project.manifest()).toBe(manifest);
    expect(await deployments()).toEqual(["api-canary 1.1.0", "api-stable 1.0.0", "opa -"]);
  });

  it("after recover and one window, promote succeeds and every edge node serves the new version", async () => {
    expect((await ok("chaos", "recover")).stdout).toMatch(/: chaos none$/m);
    const run = await underLoad(async () => {
      await new Promise((resolve) => setTimeout(resolve, WINDOW * 1000));
      return cli("promote");
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^promoted: stable 1\.1\.0 \(\d+ requests .*, 0 errors \(0\.00 %\)/m,
    );
    expect(project.manifest()).not.toMatch(/^ {2}canary:/m);
    expect(await deployments()).toEqual(["api-stable 1.1.0", "opa -"]);
    for (const seen of await sampleEach(30)) expect(seen.versions).toEqual({ "1.1.0": 30 });
  });

  it("status --once --json shows the promoted release with live numbers, and the detector's shared ban list", async () => {
    const run = await underLoad(() => ok("status", "--once", "--json", "--sample", "5"));
    const status = JSON.parse(run.stdout) as Record<string, unknown> & {
      versions: {
        track: string;
        version: string;
        weight: number;
        stats: { requests: number; errorRate: number };
      }[];
      detector: { activeBans: number | null; error: string };
    };
    expect(status).toMatchObject({
      kind: "status",
      stack: "k8s",
      mode: "stable",
      manifest: { stable: "1.1.0", canary: null },
      weights: { stable: 100, canary: 0 },
    });
    expect(status.versions.map((v) => [v.track, v.version, v.weight])).toEqual([
      ["stable", "1.1.0", 100],
    ]);
    expect(status.versions[0]?.stats.requests).toBeGreaterThan(20);
    expect(status.versions[0]?.stats.errorRate).toBe(0);
    // The tests' own traffic comes from the allowlisted test machine: nothing is banned.
    expect(status.detector).toEqual({ activeBans: 0, error: null });
  });

  it("ban, bans, explain and unban run in a detector pod, and reach every edge node's kernel", async () => {
    const banned = await ok("ban", INTRUDER, "--duration", "10m", "--reason", "e2e by hand");
    expect(banned.stdout).toContain(INTRUDER);
    const held = async () =>
      (await Promise.all(cluster.workers.map(nodeKernelBans))).every((s) => s.has(INTRUDER));
    await poll(async () => ((await held()) ? true : undefined), 100, 100);
    const page = JSON.parse((await ok("bans", "--json")).stdout) as {
      rows: { ip: string; decision: { operator?: { reason: string } } }[];
    };
    expect(page.rows.map((r) => r.ip)).toEqual([INTRUDER]);
    expect(page.rows[0]?.decision.operator?.reason).toBe("e2e by hand");
    const why = JSON.parse((await ok("explain", INTRUDER, "--json")).stdout) as {
      banned: { ip: string } | null;
    };
    expect(why.banned?.ip).toBe(INTRUDER);
    await ok("unban", INTRUDER);
    const lifted = async () =>
      (await Promise.all(cluster.workers.map(nodeKernelBans))).every((s) => !s.has(INTRUDER));
    await poll(async () => ((await lifted()) ? true : undefined), 100, 100);
    expect(JSON.parse((await ok("bans", "--json")).stdout)).toMatchObject({ total: 0 });
  });

  it("rollback takes a canary out: all traffic back to stable, its Deployment removed", async () => {
    await ok("canary", "start", "1.2.0", "--weight", "50");
    expect(await deployments()).toEqual(["api-canary 1.2.0", "api-stable 1.1.0", "opa -"]);
    const run = await ok("rollback", "--reason", "e2e rollback path");
    expect(run.stderr).toContain("rollback: sending all traffic to stable 1.1.0");
    expect(run.stderr).toContain("rollback: removing canary 1.2.0");
    expect(run.stdout).toContain("running stable 1.1.0");
    expect(project.manifest()).not.toMatch(/^ {2}canary:/m);
    expect(await deployments()).toEqual(["api-stable 1.1.0", "opa -"]);
    for (const seen of await sampleEach(30)) expect(seen.versions).toEqual({ "1.1.0": 30 });
  });

  it("audit reports the refusal, the promotion, the rollback, and the detector pods' ban and unban", async () => {
    const run = await ok("audit");
    const report = readFileSync(run.stdout.trim().split("\n")[0] as string, "utf8");
    expect(report).toMatch(
      /\| promotion refused \| Error rate (6\d|7\d|8\d|9\d)\.\d\d% exceeds maximum 1\.00%/,
    );
    expect(report).toContain(
      "| promoted | stable 1.0.0 + canary 1.1.0 at 10 % → stable 1.1.0; OPA allowed:",
    );
    expect(report).toContain(
      "| rolled back | stable 1.1.0 + canary 1.2.0 at 50 % → stable 1.1.0 + canary 1.2.0 at 0 %; e2e rollback path (step 1: canary weight 0)",
    );
    expect(report).toContain(
      "| rolled back | stable 1.1.0 + canary 1.2.0 at 0 % → stable 1.1.0; e2e rollback path (step 2: canary removed)",
    );
    expect(report).toMatch(
      new RegExp(
        `Bans: 1, unbans: \\d+, in /var/lib/swiftdeploy/detector/audit\\.jsonl in the detector pods \\(namespace ${NAMESPACE}-detector\\)`,
      ),
    );
    expect(report).toMatch(
      new RegExp(`\\| ban \\| ${INTRUDER.replace(/\./g, "\\.")} \\| operator `),
    );
  });

  it("dashboard says it does not work on Kubernetes yet (exit 14)", async () => {
    const run = await cli("dashboard");
    expect(run.code).toBe(14);
    expect(run.stderr).toContain(
      "error [SD_NOT_ON_TARGET]: the detector's dashboard is not opened on the kubernetes target yet",
    );
  });

  it("teardown --yes leaves nothing behind on the cluster", async () => {
    const run = await ok("teardown", "--yes");
    tornDown = true;
    expect(run.stdout).toMatch(/^removed: \d+ deleted$/m);
    const left = await cluster.kubectl(["get", "namespace", NAMESPACE, `${NAMESPACE}-detector`]);
    expect(left.stderr).toContain(`namespaces "${NAMESPACE}" not found`);
    expect(left.stderr).toContain(`namespaces "${NAMESPACE}-detector" not found`);
  });
});
