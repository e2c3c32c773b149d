// `npm run bench:stack`: a cold `pulumi up` of the dev stack to healthy and a no-op `pulumi up`,
// side by side with `docker-compose up` of the same images, networks, hardening and configs, each
// on a freshly booted local test host (the testbed's systemd + sshd + Docker container) over SSH;
// then the same on the kubernetes target against `kubectl apply` (kubernetes.ts).
// BENCH_STACK_TARGETS=docker or =kubernetes runs one of the two (default: both).
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { runtimePolicies } from "../../components/local-artifacts";
import { applyOverrides, loadManifest } from "../../core/manifest";
import { devStack } from "../../test/kit/stack/dev-stack";
import { bootTestHost, type TestHost } from "../../test/kit/host/test-host";
import { composeProject } from "./compose-project";
import { kubernetesBench, type KubernetesTimings } from "./kubernetes";
import { slowestStepRows } from "./pulumi-steps";

const ROOT = path.resolve(__dirname, "../..");
const HOST = { name: "swiftdeploy-host-bench", address: "172.31.250.50" };
const HEALTHY_WITHIN_MS = 300_000;

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const log = (line: string) => process.stderr.write(`[bench:stack] ${line}\n`);

/** Polls until `probe` is true; returns the elapsed ms since `started`. */
async function until(
  started: number,
  what: string,
  probe: () => Promise<boolean>,
): Promise<number> {
  while (Date.now() - started < HEALTHY_WITHIN_MS) {
    if (await probe()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not healthy within ${HEALTHY_WITHIN_MS / 1000} s`);
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

/** The dev manifest as the stack deploys it onto the bench host. */
function benchManifest() {
  const config = parse(readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  const overrides = {
    ...((config.config["swiftdeploy:overrides"] ?? {}) as Record<string, string>),
    "host.address": HOST.address,
  };
  return applyOverrides(loadManifest(path.join(ROOT, "manifest.yaml")), overrides);
}

async function freshHost(): Promise<TestHost> {
  log(`booting a fresh test host ${HOST.name} (${HOST.address}); not timed`);
  return bootTestHost(HOST.name, HOST.address);
}

interface Timings {
  readonly coldMs: number;
  readonly noopMs: number;
  readonly noopChanges: string;
  /** Pulumi only: the same no-op update without `--policy-pack`. */
  readonly noopWithoutPackMs?: number;
}

async function pulumiRun(): Promise<Timings> {
  const host = await freshHost();
  const stack = await devStack("bench", host);
  try {
    log("pulumi up (cold)…");
    const started = Date.now();
    const up = await stack.up();
    if (up.code !== 0) throw new Error(`pulumi up failed:\n${up.output}`);
    const url = String((await stack.outputs()).publicUrl);
    const coldMs = await until(started, "pulumi stack", () => answers200(url));
    log(`cold: ${seconds(coldMs)} s; pulumi up (no changes)…`);
    const noop = await stack.up();
    if (noop.code !== 0) throw new Error(`no-op pulumi up failed:\n${noop.output}`);
    const changes = /Resources:\n([\s\S]*?)\n\n/.exec(noop.stdout)?.[1]?.trim() ?? "?";
    log("pulumi up (no changes, without the policy pack)…");
    // The program refuses to run without the pack unless the stack allows it (SD_UNGUARDED).
    stack.allowUnguarded();
    const bare = await stack.run(["up", "--yes", "--skip-preview"]);
    if (bare.code !== 0)
      throw new Error(`no-op pulumi up without the pack failed:\n${bare.output}`);
    await stack.run(["destroy", "--yes", "--skip-preview"]);
    return {
      coldMs,
      noopMs: noop.ms,
      noopChanges: changes.replace(/\s+/g, " "),
      noopWithoutPackMs: bare.ms,
    };
  } finally {
    stack.cleanup();
    await host.destroy();
  }
}

/** A PATH entry whose `ssh` adds the test host's options: compose shells out to ssh. */
function sshWrapper(dir: string, host: TestHost): string {
  const bin = path.join(dir, "bin");
  mkdirSync(bin);
  const options = host.sshOptions.map((o) => `'${o}'`).join(" ");
  writeFileSync(path.join(bin, "ssh"), `#!/bin/sh\nexec /usr/bin/ssh ${options} "$@"\n`);
  chmodSync(path.join(bin, "ssh"), 0o755);
  return bin;
}

function shell(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: Buffer) {
  const started = Date.now();
  const result = spawnSync(command, args, { env, input, maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
  }
  return { ms: Date.now() - started, stdout: String(result.stdout), stderr: String(result.stderr) };
}

async function composeRun(): Promise<Timings> {
  const manifest = benchManifest();
  const host = await freshHost();
  const dir = mkdtempSync(path.join(os.tmpdir(), "sd-bench-compose-"));
  try {
    const project = composeProject(
      manifest,
      { context: path.join(ROOT, "dist/api"), dockerfile: path.join(ROOT, "api/Dockerfile") },
      runtimePolicies(path.join(ROOT, "policies/opa")),
      "bench-chaos-token",
    );
    const composeFile = path.join(dir, "docker-compose.yml");
    writeFileSync(composeFile, project.composeFile);
    const files = path.join(dir, "files");
    for (const [file, content] of Object.entries(project.hostFiles)) {
      mkdirSync(path.join(files, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(files, file), content);
    }
    const env = {
      ...process.env,
      PATH: `${sshWrapper(dir, host)}:${process.env.PATH ?? ""}`,
      DOCKER_HOST: `ssh://${host.user}@${host.address}`,
    };
    const compose = (args: readonly string[]) =>
      shell("docker-compose", ["-p", "swiftdeploy-bench", "-f", composeFile, ...args], env);
    const url = `http://${manifest.host.address}:${manifest.proxy.publicPort}/`;

    log("docker-compose up (cold): files to the host, build, start, wait for healthy…");
    const started = Date.now();
    const tarball = execFileSync("tar", ["-C", files, "-cf", "-", "."]);
    shell(
      "ssh",
      [`${host.user}@${host.address}`, `${project.prepareHost}\ntar -C / -xf - --no-same-owner`],
      env,
      tarball,
    );
    compose(["up", "-d", "--build", "--quiet-pull"]);
    const containers = compose(["ps", "-q"]).stdout.split("\n").filter(Boolean);
    const coldMs = await until(started, "compose project", async () => {
      const health = spawnSync(
        "docker",
        ["inspect", "--format", "{{.State.Health.Status}}", ...containers],
        { env, encoding: "utf8" },
      ).stdout;
      return (
        health
          .split("\n")
          .filter(Boolean)
          .every((s) => s === "healthy") && answers200(url)
      );
    });
    log(`cold: ${seconds(coldMs)} s; docker-compose up (no changes)…`);
    const noop = compose(["up", "-d"]);
    const changes = noop.stderr
      .split("\n")
      .filter((l) => /is up-to-date|Recreating|Creating/.test(l));
    compose(["down", "--remove-orphans"]);
    return {
      coldMs,
      noopMs: noop.ms,
      noopChanges: `${changes.filter((l) => l.includes("up-to-date")).length} up-to-date, ${changes.filter((l) => !l.includes("up-to-date")).length} (re)created`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await host.destroy();
  }
}

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}×`;
}

/** Columns padded to their widest cell. */
function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ")).join("\n");
}

async function dockerReport(): Promise<string> {
  const compose = await composeRun();
  const stack = await pulumiRun();
  const coldRatio = stack.coldMs / compose.coldMs;
  const rows = [
    ["", "pulumi up (SwiftDeploy)", "docker-compose up", "ratio"],
    [
      "cold deploy to healthy",
      `${seconds(stack.coldMs)} s`,
      `${seconds(compose.coldMs)} s`,
      ratio(stack.coldMs, compose.coldMs),
    ],
    [
      "no-op update",
      `${seconds(stack.noopMs)} s`,
      `${seconds(compose.noopMs)} s`,
      ratio(stack.noopMs, compose.noopMs),
    ],
    [
      "no-op update, no policy pack",
      `${seconds(stack.noopWithoutPackMs ?? 0)} s`,
      "",
      ratio(stack.noopWithoutPackMs ?? 0, compose.noopMs),
    ],
    ["no-op changes", stack.noopChanges, compose.noopChanges, ""],
  ];
  const goals = [
    `cold deploy within 1.5× compose: ${coldRatio <= 1.5 ? "MET" : "MISSED"} (${coldRatio.toFixed(2)}×)`,
    `no-op update under 10 s: ${stack.noopMs < 10_000 ? "MET" : "MISSED"} (${seconds(stack.noopMs)} s with the policy pack, ${seconds(stack.noopWithoutPackMs ?? 0)} s without)`,
  ];
  return `## docker target (one host over SSH)\n${table(rows)}\n\n${goals.join("\n")}\n`;
}

async function kubernetesReport(): Promise<string> {
  const { pulumi, kubectl }: { pulumi: KubernetesTimings; kubectl: KubernetesTimings } =
    await kubernetesBench(log);
  const rows = [
    ["", "pulumi up (SwiftDeploy)", "kubectl apply", "ratio"],
    [
      "cold deploy to healthy",
      `${seconds(pulumi.coldMs)} s`,
      `${seconds(kubectl.coldMs)} s`,
      ratio(pulumi.coldMs, kubectl.coldMs),
    ],
    [
      "no-op update",
      `${seconds(pulumi.noopMs)} s`,
      `${seconds(kubectl.noopMs)} s`,
      ratio(pulumi.noopMs, kubectl.noopMs),
    ],
    [
      "no-op update, no policy pack",
      `${seconds(pulumi.noopWithoutPackMs ?? 0)} s`,
      "",
      ratio(pulumi.noopWithoutPackMs ?? 0, kubectl.noopMs),
    ],
    ["no-op changes", pulumi.noopChanges, kubectl.noopChanges, ""],
  ];
  const steps = slowestStepRows(pulumi.coldSteps ?? [], 8);
  const breakdown =
    steps.length === 0
      ? ""
      : `\nslowest steps of the cold pulumi up (its engine events, whole seconds)\n${table(steps)}\n`;
  return `## kubernetes target (3-node sandbox cluster)\n${table(rows)}\n${breakdown}`;
}

async function main(): Promise<void> {
  const load = os.loadavg()[0]?.toFixed(2);
  const targets = (process.env.BENCH_STACK_TARGETS ?? "docker,kubernetes").split(",");
  const unknown = targets.filter((t) => t !== "docker" && t !== "kubernetes");
  if (unknown.length > 0) throw new Error(`BENCH_STACK_TARGETS: unknown ${unknown.join(", ")}`);
  const reports: string[] = [];
  if (targets.includes("docker")) reports.push(await dockerReport());
  if (targets.includes("kubernetes")) reports.push(await kubernetesReport());
  process.stdout.write(
    `# bench:stack (${os.cpus().length} CPUs, load ${load} → ${os.loadavg()[0]?.toFixed(2)})\n${reports.join("\n")}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[bench:stack] failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
