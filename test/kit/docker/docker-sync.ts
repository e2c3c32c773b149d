import { spawnSync } from "node:child_process";

/** Runs a docker command, failing with its stderr when it does not exit 0. */
export function docker(args: readonly string[], options: { input?: string } = {}): string {
  const result = spawnSync("docker", args, {
    encoding: "utf8",
    timeout: 300_000,
    input: options.input,
  });
  if (result.error) throw new Error(`docker ${args.join(" ")}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`docker ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
  return result.stdout.trim();
}

/** Like `docker`, but never throws: for cleanup of things that may already be gone. */
export function dockerQuiet(args: readonly string[]): void {
  spawnSync("docker", args, { encoding: "utf8", timeout: 60_000 });
}

/** Fails with what to do when the engine or a needed local image is missing. */
export function requireDocker(images: readonly string[]): void {
  const info = spawnSync("docker", ["info", "--format", "{{.ServerVersion}}"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  if (info.status !== 0) {
    throw new Error(
      `the Docker engine does not answer (docker info: ${info.stderr.trim()}); run \`npm run setup\`, which starts dockerd`,
    );
  }
  for (const image of images) {
    const found = spawnSync("docker", ["image", "inspect", image], { encoding: "utf8" });
    if (found.status !== 0)
      throw new Error(`image ${image} is missing; run \`npm run setup\`, which builds it`);
  }
}

/** Polls `probe` until it returns a value other than undefined, at most `attempts` times. */
export async function poll<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  attempts: number,
  everyMs: number,
): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < attempts; i += 1) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`gave up after ${attempts} attempts${lastError ? `: ${String(lastError)}` : ""}`);
}
