import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";

/** Result of a docker CLI call made by a test. */
export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the docker CLI (optionally feeding stdin); never throws on a non-zero exit. */
export function docker(args: readonly string[], input?: string): Promise<DockerResult> {
  return new Promise((resolve) => {
    const child = execFile(
      "docker",
      [...args],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout).trim(), stderr: String(stderr).trim() });
      },
    );
    child.stdin?.end(input ?? "");
  });
}

/** Runs the docker CLI and returns stdout, failing with the command and stderr otherwise. */
export async function dockerOk(args: readonly string[], input?: string): Promise<string> {
  const result = await docker(args, input);
  if (result.code !== 0)
    throw new Error(`docker ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

/** `docker <kind> inspect` parsed, or undefined when the object does not exist. */
export async function dockerInspect<T = Record<string, unknown>>(
  kind: "container" | "network" | "volume" | "image",
  ref: string,
): Promise<T | undefined> {
  const result = await docker([kind, "inspect", "--format", "{{json .}}", ref]);
  return result.code === 0 ? (JSON.parse(result.stdout) as T) : undefined;
}

/**
 * Fails with a message saying what to do when no Docker engine answers (tests never skip).
 */
export async function requireDocker(): Promise<void> {
  const result = await docker(["info", "--format", "{{.ServerVersion}}"]);
  if (result.code !== 0) {
    throw new Error(
      `these tests need a running Docker engine (docker info failed: ${result.stderr}); run \`npm run setup\``,
    );
  }
}

/** A name unique to this test run, safe for docker objects: `sd-test-<label>-<random>`. */
export function uniqueName(label: string): string {
  return `sd-test-${label}-${randomBytes(4).toString("hex")}`;
}

/** Removes docker objects a test may have left behind; missing ones are fine. */
export async function removeDockerObjects(objects: {
  containers?: string[];
  networks?: string[];
  volumes?: string[];
  images?: string[];
}): Promise<void> {
  for (const c of objects.containers ?? [])
    await docker(["container", "rm", "--force", "--volumes", c]);
  for (const n of objects.networks ?? []) await docker(["network", "rm", n]);
  for (const v of objects.volumes ?? []) await docker(["volume", "rm", "--force", v]);
  for (const i of objects.images ?? []) await docker(["image", "rm", "--force", i]);
}

/** Names of containers/networks/volumes whose name starts with `prefix` (leak checks). */
export async function dockerObjectsNamed(prefix: string): Promise<string[]> {
  const list = async (args: string[]): Promise<string[]> =>
    (await dockerOk(args)).split("\n").filter((n) => n.startsWith(prefix));
  return [
    ...(await list(["container", "ls", "--all", "--format", "{{.Names}}"])),
    ...(await list(["network", "ls", "--format", "{{.Name}}"])),
    ...(await list(["volume", "ls", "--format", "{{.Name}}"])),
  ];
}
