import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./pulumi-cli";

/** A systemd + sshd + Docker test host booted by sandbox/host/boot.sh, owned by one test file. */
export interface TestHost {
  readonly name: string;
  readonly address: string;
  readonly keyFile: string;
  /** Runs a shell command in the host container (docker exec), resolving with its stdout. */
  exec(command: string): Promise<string>;
  /** Removes the host container and its Docker data. */
  destroy(): Promise<void>;
}

function run(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(file, [...args], { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error === null
        ? resolve(String(stdout))
        : reject(new Error(`${file} ${args.join(" ")} failed: ${String(stderr) || error.message}`)),
    ),
  );
}

/** Boots (or reuses) the named test host at `address` on the testbed network. */
export async function bootTestHost(name: string, address: string): Promise<TestHost> {
  const env = { ...process.env, SWIFTDEPLOY_TESTHOST_NAME: name, SWIFTDEPLOY_TESTHOST_IP: address };
  const out = await run("bash", [path.join(REPO_ROOT, "sandbox/host/boot.sh")], env);
  const keyFile = /SWIFTDEPLOY_TESTHOST_KEY=(.*)/.exec(out)?.[1]?.trim();
  if (keyFile === undefined) throw new Error(`boot.sh did not print the host's key:\n${out}`);
  return {
    name,
    address,
    keyFile,
    exec: (command) => run("docker", ["exec", name, "sh", "-c", command]),
    destroy: async () => {
      await run("bash", [path.join(REPO_ROOT, "sandbox/host/destroy.sh")], env);
      rmSync(`/var/lib/swiftdeploy-testhost/${name}-docker`, { recursive: true, force: true });
    },
  };
}
