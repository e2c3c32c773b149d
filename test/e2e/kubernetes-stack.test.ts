// The same manifest.yaml on a real 3-node cluster (sandbox/cluster) through the plain Pulumi CLI,
// the real pulumi-resource-kubernetes plugin and the CrossGuard pack: up, a no-op second up, the
// canary's share of real requests through Nginx on each edge node, then destroy.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { crossGuardConfigFile } from "../../components/render/generated-files";
import { applyOverrides, loadManifest } from "../../core/manifest";
import { requireDocker } from "../kit/docker/docker";
import { pulumi, pulumiOk, type CliResult } from "../kit/pulumi/pulumi-cli";
import { buildSandbox, pulumiEnv, type PulumiEnv } from "../kit/pulumi/pulumi-env";
import { REPO_ROOT } from "../kit/repo-root";
import {
  allowTestMachine,
  bootSandboxCluster,
  importAppImages,
  type SandboxCluster,
} from "../kit/cluster/cluster";
import { guardedUpArgs } from "../kit/stack/dev-stack";

const CLUSTER = "sd-e2e-k8s-stack";
const SUBNET = "172.31.253.0/24";
const NODE_PORT = 30080;
const REQUESTS = 1000;
const NODE_RUNTIME_VERSION = /^NODE_RUNTIME_VERSION=(\S+)$/m.exec(
  readFileSync(path.join(REPO_ROOT, "scripts/versions.env"), "utf8"),
)?.[1];

/**
 * Sends `count` GETs one after another, 12 ms apart so the proxy's default 100 requests/s per
 * address never answers 429 (2 s timeout each), and prints the counts of status:X-Mode as JSON.
 */
const COUNT_MODES = String.raw`
const [url, count] = process.argv.slice(1);
const modes = {};
(async () => {
  for (let i = 0; i < Number(count); i++) {
    await new Promise((resolve) => setTimeout(resolve, 12));
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      const key = res.status + ":" + (res.headers.get("x-mode") ?? "none");
      modes[key] = (modes[key] ?? 0) + 1;
    } catch { modes.failed = (modes.failed ?? 0) + 1; }
  }
  console.log(JSON.stringify(modes));
})();
`;

function run(file: string, args: readonly string[], env = process.env): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(file, [...args], { env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error === null ? resolve(stdout) : reject(new Error(`${file} ${args.join(" ")}: ${stderr}`)),
    ),
  );
}

/** The address of the counting client on the cluster network: on the detector's allowlist. */
const SAMPLER_SUFFIX = ".240";

/** Requests through Nginx from a throwaway container on the cluster's network. */
async function countModes(
  network: string,
  url: string,
  requests = REQUESTS,
): Promise<Record<string, number>> {
  const out = await run("docker", [
    "run",
    "--rm",
    "--network",
    network,
    "--ip",
    SUBNET.replace(/\.0\/24$/, SAMPLER_SUFFIX),
    "--entrypoint",
    "node",
    `swiftdeploy/node-runtime:${NODE_RUNTIME_VERSION}`,
    "-e",
    COUNT_MODES,
    url,
    String(requests),
  ]);
  return JSON.parse(out) as Record<string, number>;
}

describe("the kubernetes target on a real 3-node cluster", () => {
  let cluster: SandboxCluster;
  let env: PulumiEnv;
  let dir: string;
  let first: CliResult;
  const up = (extra: readonly string[] = []) =>
    cli(guardedUpArgs(path.join(dir, "policy.json"), extra));
  const stack = "k8s";
  const cli = (args: readonly string[]) =>
    pulumi(env, REPO_ROOT, [
      ...args,
      "--stack",
      stack,
      "--config-file",
      path.join(dir, "Pulumi.k8s.yaml"),
    ]);

  beforeAll(async () => {
    await requireDocker();
    buildSandbox();
    cluster = await bootSandboxCluster(CLUSTER, SUBNET);
    await importAppImages(CLUSTER, ["1.0.0", "1.1.0"]);
    env = pulumiEnv("k8s-stack", "swiftdeploy-local-testbed");
    dir = mkdtempSync(path.join(tmpdir(), "sd-k8s-stack-"));
    const doc = parseDocument(readFileSync(path.join(REPO_ROOT, "Pulumi.k8s.yaml"), "utf8"));
    doc.setIn(["config", "swiftdeploy:kubeconfigFile"], cluster.kubeconfig);
    doc.setIn(["config", "swiftdeploy:namespace"], "sd-e2e");
    const manifestFile = path.join(dir, "manifest.yaml");
    writeFileSync(
      manifestFile,
      allowTestMachine(readFileSync(path.join(REPO_ROOT, "manifest.yaml"), "utf8"), SUBNET, [
        SUBNET.replace(/\.0\/24$/, SAMPLER_SUFFIX),
      ]),
    );
    doc.setIn(["config", "swiftdeploy:manifest"], manifestFile);
    writeFileSync(path.join(dir, "Pulumi.k8s.yaml"), doc.toString());
    const manifest = applyOverrides(
      loadManifest(manifestFile),
      (parse(doc.toString()) as { config: Record<string, Record<string, string>> }).config[
        "swiftdeploy:overrides"
      ] ?? {},
      "test",
    );
    writeFileSync(path.join(dir, "policy.json"), crossGuardConfigFile(manifest));
    await pulumiOk(env, REPO_ROOT, ["stack", "init", stack]);
    first = await up();
  });

  let destroyed = false;
  afterAll(async () => {
    if (env !== undefined) {
      if (!destroyed) await cli(["destroy", "--yes", "--skip-preview"]);
      env.cleanup();
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    await cluster?.destroy();
  });

  it("deploys from plain pulumi up with the pack, the gate asking OPA in the cluster", async () => {
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain("deploy gate: OPA allowed the deploy");
    const pods = JSON.parse(
      await cluster.kubectlOk(["get", "pods", "-n", "sd-e2e", "-o", "json"]),
    ) as { items: { metadata: { name: string }; status: { phase: string } }[] };
    expect(pods.items.map((p) => p.status.phase)).toEqual(pods.items.map(() => "Running"));
    // api-stable, api-canary, opa, and one Nginx per edge node.
    expect(pods.items).toHaveLength(5);
  });

  it("splits real requests by the manifest's canary weight on every edge node", async () => {
    for (const worker of cluster.workers) {
      const modes = await countModes(cluster.network, `http://${worker.address}:${NODE_PORT}/`);
      const canary = modes["200:canary"] ?? 0;
      expect(canary + (modes["200:stable"] ?? 0), JSON.stringify(modes)).toBe(REQUESTS);
      // Weighted round robin per Nginx worker: 10 % ± 3.
      expect(canary, JSON.stringify(modes)).toBeGreaterThanOrEqual(70);
      expect(canary, JSON.stringify(modes)).toBeLessThanOrEqual(130);
    }
  });

  it("answers nothing on the control plane, which runs no Nginx (externalTrafficPolicy Local)", async () => {
    const modes = await countModes(
      cluster.network,
      `http://${cluster.controlPlane.address}:${NODE_PORT}/`,
      8,
    );
    expect(modes).toEqual({ failed: 8 });
  });

  it("changes nothing on a second up", async () => {
    const again = await up(["--expect-no-changes"]);
    expect(again.code, again.output).toBe(0);
  });

  it("keeps OPA off the pod network: its pod has no port and no Service", async () => {
    const services = await cluster.kubectlOk(["get", "services", "-n", "sd-e2e", "-o", "name"]);
    expect(services.trim().split("\n").sort()).toEqual([
      "service/api-canary",
      "service/api-stable",
      "service/proxy",
    ]);
  });

  it("leaves nothing behind after pulumi destroy", async () => {
    const result = await cli(["destroy", "--yes", "--skip-preview"]);
    destroyed = true;
    expect(result.code, result.output).toBe(0);
    const left = await cluster.kubectl(["get", "namespace", "sd-e2e", "sd-e2e-detector"]);
    expect(left.stderr).toContain('namespaces "sd-e2e" not found');
    expect(left.stderr).toContain('namespaces "sd-e2e-detector" not found');
  });
});
