import { spawnSync } from "node:child_process";
import path from "node:path";
import { NODE_IMAGE, TESTBED } from "../clients/client-container";
import { REPO_ROOT } from "../repo-root";
import { bootFacts, testHostSshOptions } from "./boot-output";

/** This test's own test host, apart from the lead's host1 (172.31.250.10). */
export const HOST_NAME =
  process.env.SWIFTDEPLOY_DETECTOR_TESTHOST_NAME ?? "swiftdeploy-host-enforce";
export const HOST_IP = process.env.SWIFTDEPLOY_DETECTOR_TESTHOST_IP ?? "172.31.250.21";

/** A command's outcome. */
export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(argv: string[], timeoutMs: number, input?: string): Run {
  const r = spawnSync(argv[0]!, argv.slice(1), {
    encoding: "utf8",
    timeout: timeoutMs,
    input,
    maxBuffer: 64 << 20,
  });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** The booted test host, reached over SSH with its key. */
export interface TestHost {
  readonly address: string;
  readonly wasRunning: boolean;
  /** Runs a shell command on the host as root. */
  ssh(command: string, timeoutMs?: number): Run;
  /** ssh that must exit 0; returns stdout. */
  must(command: string, timeoutMs?: number): string;
  /** Copies a local file to the host. */
  copy(local: string, remote: string): void;
  destroy(): void;
}

/** Boots (or reuses) the systemd test host with sandbox/host/boot.sh and connects to it. */
export function bootTestHost(): TestHost {
  const env = { SWIFTDEPLOY_TESTHOST_NAME: HOST_NAME, SWIFTDEPLOY_TESTHOST_IP: HOST_IP };
  const wasRunning =
    run(["docker", "inspect", "-f", "{{.State.Running}}", HOST_NAME], 10_000).stdout.trim() ===
    "true";
  const boot = spawnSync("bash", [path.join(REPO_ROOT, "sandbox/host/boot.sh")], {
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, ...env },
    cwd: REPO_ROOT,
  });
  if (boot.status !== 0)
    throw new Error(
      `sandbox/host/boot.sh failed (needs \`npm run setup\` for the testhost image): ${boot.stderr}${boot.stdout}`,
    );
  const vars = bootFacts(boot.stdout);
  const key = vars.SWIFTDEPLOY_TESTHOST_KEY!;
  const address = vars.SWIFTDEPLOY_TESTHOST_ADDRESS!;
  const opts = [...testHostSshOptions(key), "-o", "ConnectTimeout=10"];
  const host: TestHost = {
    address,
    wasRunning,
    ssh: (command, timeoutMs = 120_000) =>
      run(["ssh", ...opts, `root@${address}`, command], timeoutMs),
    must(command, timeoutMs) {
      const r = host.ssh(command, timeoutMs);
      if (r.code !== 0)
        throw new Error(
          `on the test host \`${command}\` failed (${r.code}): ${r.stderr}${r.stdout}`,
        );
      return r.stdout;
    },
    copy(local, remote) {
      const r = run(["scp", ...opts, local, `root@${address}:${remote}`], 120_000);
      if (r.code !== 0) throw new Error(`scp ${local} failed: ${r.stderr}`);
    },
    destroy() {
      spawnSync("bash", [path.join(REPO_ROOT, "sandbox/host/destroy.sh")], {
        env: { ...process.env, ...env },
        timeout: 60_000,
      });
    },
  };
  return host;
}

/** A client container on the testbed network with a fixed address: an "external" peer of the host. */
export function clientRun(ip: string, script: string, args: string[], timeoutMs = 120_000): Run {
  return run(
    [
      "docker",
      "run",
      "--rm",
      "--network",
      TESTBED,
      "--ip",
      ip,
      NODE_IMAGE,
      "node",
      "-e",
      script,
      ...args,
    ],
    timeoutMs,
  );
}
