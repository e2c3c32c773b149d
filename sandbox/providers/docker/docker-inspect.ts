import type { ResourceLog } from "../shared/engine-log";
import type { DockerCli } from "./docker-cli";

/** Docker object kinds `docker <kind> inspect` understands. */
export type DockerObjectKind = "container" | "network" | "volume" | "image";

/** True when a docker CLI error says the object does not exist. */
export function isNotFound(error: unknown): boolean {
  return /no such (container|network|volume|image|object)|not found/i.test(
    String((error as Error)?.message ?? error),
  );
}

/** `docker <kind> inspect <ref>` parsed, or undefined when the object does not exist. */
export async function inspect<T = Record<string, unknown>>(
  cli: DockerCli,
  log: ResourceLog,
  kind: DockerObjectKind,
  ref: string,
): Promise<T | undefined> {
  try {
    const out = await cli.run(log, [kind, "inspect", "--format", "{{json .}}", ref]);
    return JSON.parse(out) as T;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Runs a removal, treating "already gone" as success. */
export async function removeIfPresent(
  cli: DockerCli,
  log: ResourceLog,
  args: readonly string[],
): Promise<void> {
  try {
    await cli.run(log, args);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    log.debug(`already gone: ${args.join(" ")}`);
  }
}
