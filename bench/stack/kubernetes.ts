// bench:stack on the kubernetes target: a cold `pulumi up` of the k8s stack to healthy and a no-op
// `pulumi up`, side by side with `kubectl apply` of the same objects (rendered by the same
// renderers) waited to the same readiness, on a sandbox cluster of the bench's own.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, parseDocument } from "yaml";
import { dockerImageInspector } from "../../components/kubernetes/local-images";
import { runtimePolicies } from "../../components/local-artifacts";
import { crossGuardConfigFile } from "../../components/render/generated-files";
import { DEFAULT_DETECTOR_IMAGE, resolveImages } from "../../components/targets/kubernetes-target";
import { applyOverrides, loadManifest, type Manifest } from "../../core/manifest";
import { bootSandboxCluster, type SandboxCluster } from "../../test/kit/cluster/cluster";
import { pulumi, pulumiOk } from "../../test/kit/pulumi/pulumi-cli";
import { buildSandbox, pulumiEnv } from "../../test/kit/pulumi/pulumi-env";
import { kubernetesObjects, objectsYaml } from "./kubernetes-objects";
import { pulumiSteps, type PulumiStep } from "./pulumi-steps";

const ROOT = path.resolve(__dirname, "../..");
const CLUSTER = { name: "sd-bench-k8s", subnet: "172.31.249.0/24" };
const NODE_PORT = 30080;
const READY_WITHIN_S = 300;

/** One side's timings on the cluster. */
export interface KubernetesTimings {
  readonly coldMs: number;
  readonly noopMs: number;
  readonly noopChanges: string;
  /** Pulumi only: the same no-op update without `--policy-pack`. */
  readonly noopWithoutPackMs?: number;
  /** Pulumi only: the cold update's resource steps, slowest first (from its engine events). */
  readonly coldSteps?: readonly PulumiStep[];
}

type Log = (line: string) => void;

/** Pulumi.k8s.yaml pointed at the bench's cluster, and the manifest it deploys. */
function benchConfig(kubeconfig: string): { text: string; manifest: Manifest } {
  const doc = parseDocument(readFileSync(path.join(ROOT, "Pulumi.k8s.yaml"), "utf8"));
  doc.setIn(["config", "swiftdeploy:kubeconfigFile"], kubeconfig);
  doc.setIn(["config", "swiftdeploy:nodePort"], NODE_PORT);
  const config = (parse(doc.toString()) as { config: Record<string, unknown> }).config;
  const overrides = (config["swiftdeploy:overrides"] ?? {}) as Record<string, string>;
  const manifest = applyOverrides(loadManifest(path.join(ROOT, "manifest.yaml")), overrides);
  return { text: doc.toString(), manifest };
}

async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Polls until every edge node's NodePort answers 200; resolves with ms since `started`. */
async function everyEdgeAnswers(cluster: SandboxCluster, started: number): Promise<number> {
  const urls = cluster.workers.map((w) => `http://${w.address}:${NODE_PORT}/`);
  while (Date.now() - started < READY_WITHIN_S * 1000) {
    if ((await Promise.all(urls.map(answers200))).every(Boolean)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${urls.join(", ")}: not all answering 200 within ${READY_WITHIN_S} s`);
}

/** `kubectl apply` of the rendered objects, then `kubectl rollout status` of every workload. */
async function kubectlRun(cluster: SandboxCluster, manifest: Manifest, log: Log) {
  const rendered = kubernetesObjects(manifest, {
    nodePort: NODE_PORT,
    images: resolveImages(manifest, DEFAULT_DETECTOR_IMAGE, dockerImageInspector()),
    policies: runtimePolicies(path.join(ROOT, "policies/opa")),
    chaosToken: "bench-chaos-token",
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), "sd-bench-kubectl-"));
  const file = path.join(dir, "stack.yaml");
  writeFileSync(file, objectsYaml(rendered.objects));
  try {
    log(
      `kubectl apply of ${rendered.objects.length} objects (cold), rollout status of each workload…`,
    );
    const started = Date.now();
    await cluster.kubectlOk(["apply", "-f", file]);
    for (const workload of rendered.workloads) {
      await cluster.kubectlOk([
        "rollout",
        "status",
        "-n",
        workload.namespace,
        workload.name,
        `--timeout=${READY_WITHIN_S}s`,
      ]);
    }
    const coldMs = await everyEdgeAnswers(cluster, started);
    log(`cold: ${(coldMs / 1000).toFixed(1)} s; kubectl apply (no changes)…`);
    const noopStarted = Date.now();
    const noop = await cluster.kubectlOk(["apply", "-f", file]);
    const noopMs = Date.now() - noopStarted;
    const lines = noop.trim().split("\n");
    const unchanged = lines.filter((l) => l.endsWith(" unchanged")).length;
    // What kubectl reports as configured with nothing changed in the files: named in the table.
    const touched = lines.filter((l) => !l.endsWith(" unchanged")).map((l) => l.split(" ")[0]);
    await cluster.kubectlOk([
      "delete",
      "-f",
      file,
      "--ignore-not-found",
      "--wait=true",
      "--timeout=300s",
    ]);
    return {
      coldMs,
      noopMs,
      noopChanges: `${unchanged} unchanged${touched.length > 0 ? `, configured: ${touched.join(" ")}` : ""}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `pulumi up` of the k8s stack with the pack, then no-op ups with and without it, then destroy. */
async function pulumiRun(cluster: SandboxCluster, config: string, manifest: Manifest, log: Log) {
  buildSandbox();
  // Pulumi.k8s.yaml carries the salt of the public dev passphrase (a local throwaway stack).
  const env = pulumiEnv("bench-k8s", "swiftdeploy-local-testbed");
  const dir = mkdtempSync(path.join(os.tmpdir(), "sd-bench-pulumi-k8s-"));
  const configFile = path.join(dir, "Pulumi.k8s.yaml");
  const policyConfig = path.join(dir, "policy.json");
  writeFileSync(configFile, config);
  writeFileSync(policyConfig, crossGuardConfigFile(manifest));
  const run = (args: readonly string[]) =>
    pulumi(env, ROOT, [...args, "--stack", "k8s", "--config-file", configFile]);
  const up = (pack: boolean, extra: readonly string[] = []) =>
    run([
      "up",
      "--yes",
      "--skip-preview",
      ...(pack ? ["--policy-pack", path.join(ROOT, "policies/crossguard")] : []),
      ...(pack ? ["--policy-pack-config", policyConfig] : []),
      // Without the pack the program stops (SD_UNGUARDED) unless the run allows it.
      ...(pack ? [] : ["--config", "swiftdeploy:allowUnguarded=true"]),
      ...extra,
    ]);
  try {
    await pulumiOk(env, ROOT, ["stack", "init", "k8s"]);
    log("pulumi up of the k8s stack (cold)…");
    const started = Date.now();
    const cold = await up(true, ["--json"]);
    if (cold.code !== 0) throw new Error(`pulumi up failed:\n${cold.output}`);
    const coldMs = await everyEdgeAnswers(cluster, started);
    log(`cold: ${(coldMs / 1000).toFixed(1)} s; pulumi up (no changes)…`);
    const noop = await up(true);
    if (noop.code !== 0) throw new Error(`no-op pulumi up failed:\n${noop.output}`);
    const changes = /Resources:\n([\s\S]*?)\n\n/.exec(noop.stdout)?.[1]?.trim() ?? "?";
    log("pulumi up (no changes, without the policy pack)…");
    const bare = await up(false);
    if (bare.code !== 0)
      throw new Error(`no-op pulumi up without the pack failed:\n${bare.output}`);
    await run(["destroy", "--yes", "--skip-preview"]);
    return {
      coldMs,
      noopMs: noop.ms,
      noopChanges: changes.replace(/\s+/g, " "),
      noopWithoutPackMs: bare.ms,
      coldSteps: pulumiSteps(cold.stdout),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    env.cleanup();
  }
}

/** Imports the stack's images into the nodes (not timed: neither side builds images). */
function loadImages(): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(
      "bash",
      [path.join(ROOT, "scripts/kubernetes/app-images.sh")],
      { env: { ...process.env, SWIFTDEPLOY_CLUSTER_NAME: CLUSTER.name }, maxBuffer: 16 << 20 },
      (error, _stdout, stderr) => (error === null ? resolve() : reject(new Error(stderr))),
    ),
  );
}

/**
 * Boots the bench's cluster (not timed), imports the images, then times kubectl's side and
 * Pulumi's on the same cluster, one after the other, each starting from empty namespaces.
 */
export async function kubernetesBench(
  log: Log,
): Promise<{ readonly pulumi: KubernetesTimings; readonly kubectl: KubernetesTimings }> {
  log(
    `booting the sandbox cluster ${CLUSTER.name} (${CLUSTER.subnet}) and importing images; not timed`,
  );
  const cluster = await bootSandboxCluster(CLUSTER.name, CLUSTER.subnet);
  try {
    await loadImages();
    const { text, manifest } = benchConfig(cluster.kubeconfig);
    const kubectl = await kubectlRun(cluster, manifest, log);
    const stack = await pulumiRun(cluster, text, manifest, log);
    return { pulumi: stack, kubectl };
  } finally {
    await cluster.destroy();
  }
}
