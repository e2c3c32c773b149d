import { spawn } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../repo-root";

/** One run of the built `swiftdeploy` CLI. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs dist/cli/swiftdeploy.js with `env` (the toolchain's, a temp backend) against a project
 * folder and stack config; bounded in time (killed after `timeoutMs`). Never throws on a non-zero exit.
 */
export function swiftdeploy(
  env: Readonly<Record<string, string>>,
  project: { readonly dir: string; readonly configFile: string },
  args: readonly string[],
  timeoutMs = 15 * 60_000,
): Promise<CliRun> {
  const argv = [
    path.join(REPO_ROOT, "dist/cli/swiftdeploy.js"),
    ...args,
    "--project-dir",
    project.dir,
    "--config-file",
    project.configFile,
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, {
      env: { ...env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal === null ? 1 : 128),
        stdout,
        stderr: signal === null ? stderr : `${stderr}\n(killed by ${signal} after ${timeoutMs} ms)`,
      });
    });
  });
}
