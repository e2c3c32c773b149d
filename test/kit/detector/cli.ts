import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../repo-root";

/** The bundled daemon, as shipped. */
export const DETECTOR = path.join(REPO_ROOT, "dist/detector/swiftdeploy-detector.js");

/** Builds the bundles (scripts/build.mjs) so tests run the shipped file. */
export function buildDetector(): void {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "scripts/build.mjs")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  if (!fs.existsSync(DETECTOR)) throw new Error(`build did not produce ${DETECTOR}`);
}

/** Runs `swiftdeploy-detector ARGS` to completion. */
export function runDetector(args: string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const r = spawnSync(process.execPath, [DETECTOR, ...args], {
    encoding: "utf8",
    maxBuffer: 256 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Parses JSON lines. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A running `swiftdeploy-detector run`. */
export interface Daemon {
  readonly proc: ChildProcess;
  stdout(): Record<string, unknown>[];
  stderr(): Record<string, unknown>[];
  /** SIGTERM, then the exit code (bounded wait). */
  stop(): Promise<number | null>;
}

/** Starts the daemon with a config file (and extra environment variables). */
export function startDaemon(config: string, env: Record<string, string> = {}): Daemon {
  const proc = spawn(process.execPath, [DETECTOR, "run", "--config", config], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let out = "";
  let err = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on("close", (code) => resolve(code)));
  return {
    proc,
    stdout: () => jsonLines(out),
    stderr: () => jsonLines(err),
    async stop() {
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
