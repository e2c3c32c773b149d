import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ResourceLog } from "../shared/engine-log";

/** Provider configuration the stand-in honours (the official `docker:host` and `docker:sshOpts`). */
export interface DockerSettings {
  host?: string;
  sshOpts?: readonly string[];
}

/** Options for one docker CLI call. */
export interface DockerRunOptions {
  /** Strings to blank out of the logged command line and of error messages. */
  readonly secrets?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs the docker CLI against the configured engine and logs the exact command (debug level). */
export interface DockerCli {
  run(log: ResourceLog, args: readonly string[], options?: DockerRunOptions): Promise<string>;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Replaces every secret occurrence in `text` with `[secret]`. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, s) => (s ? out.split(s).join("[secret]") : out), text);
}

/**
 * `sshOpts` reach the `ssh` the docker CLI runs for `ssh://` hosts through a wrapper first on PATH
 * (the docker CLI itself has no flag for them).
 */
function sshWrapperDir(sshOpts: readonly string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sd-docker-ssh-"));
  const wrapper = path.join(dir, "ssh");
  const realSsh = ["/usr/bin/ssh", "/bin/ssh"].find((p) => existsSync(p));
  if (!realSsh)
    throw new Error(
      "docker:sshOpts is set but no ssh client is installed (apt-get install openssh-client)",
    );
  writeFileSync(wrapper, `#!/bin/sh\nexec ${realSsh} ${sshOpts.map(quote).join(" ")} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return dir;
}

/** A docker CLI bound to the provider settings (read at call time, after Configure). */
export function dockerCli(settings: DockerSettings): DockerCli {
  return {
    run(log, args, options = {}) {
      const full = settings.host ? ["-H", settings.host, ...args] : [...args];
      const secrets = options.secrets ?? [];
      const shown = redact(["docker", ...full].map(quote).join(" "), secrets);
      log.debug(`running: ${shown}`);
      const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
      // Made per call and removed after it: the engine may kill the plugin without an exit hook.
      const wrapperDir = settings.sshOpts?.length ? sshWrapperDir(settings.sshOpts) : undefined;
      if (wrapperDir) env["PATH"] = `${wrapperDir}:${env["PATH"] ?? ""}`;
      const cleanup = (): void => {
        if (wrapperDir) rmSync(wrapperDir, { recursive: true, force: true });
      };
      return new Promise<string>((resolve, reject) => {
        execFile("docker", full, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
          if (error) {
            const code = typeof error.code === "number" ? error.code : String(error.code ?? "?");
            const detail = redact(String(stderr || error.message).trim(), secrets);
            reject(new Error(`\`${shown}\` failed (exit ${code}): ${detail}`));
            return;
          }
          resolve(String(stdout).trim());
        });
      }).finally(cleanup);
    },
  };
}
