import type { ResourceLog } from "../shared/engine-log";
import { pollUntil } from "../shared/poll";
import type { DockerCli } from "./docker-cli";
import { inspect } from "./docker-inspect";
import type { ContainerInspect } from "./container-state";
import { lastHealthOutput } from "./container-state";

/** Behaviour flags of docker.Container with the official defaults applied. */
export interface RunBehaviour {
  start: boolean;
  mustRun: boolean;
  wait: boolean;
  waitTimeout: number;
  attach: boolean;
  logs: boolean;
  readTimeoutMs: number;
}

async function live(cli: DockerCli, log: ResourceLog, id: string): Promise<ContainerInspect> {
  const found = await inspect<ContainerInspect>(cli, log, "container", id);
  if (!found)
    throw new Error(`container ${id} disappeared (was it started with rm: true and exited?)`);
  return found;
}

async function logsTail(cli: DockerCli, log: ResourceLog, id: string): Promise<string> {
  return cli
    .run(log, ["container", "logs", "--tail", "20", id])
    .catch((e: Error) => `(no logs: ${e.message})`);
}

/**
 * Starts the container and waits as the official provider does: until it runs (`mustRun`), until
 * its healthcheck says healthy (`wait`), or until it exits (`attach`). Returns extra outputs.
 */
export async function startAndSettle(
  cli: DockerCli,
  log: ResourceLog,
  id: string,
  b: RunBehaviour,
): Promise<{ exitCode?: number; containerLogs?: string }> {
  if (!b.start) return {};
  await cli.run(log, ["container", "start", id]);
  if (b.attach) {
    const exitCode = Number(await cli.run(log, ["container", "wait", id]));
    return {
      exitCode,
      containerLogs: b.logs ? await cli.run(log, ["container", "logs", id]) : undefined,
    };
  }
  if (b.mustRun) {
    await pollUntil(`container ${id} to be running`, b.readTimeoutMs, async () => {
      const state = (await live(cli, log, id)).State;
      if (state.Running) return { done: true, value: undefined };
      if (state.Status === "exited" || state.Status === "dead") {
        throw new Error(
          `container ${id} exited with code ${state.ExitCode} right after start; logs:\n${await logsTail(cli, log, id)}`,
        );
      }
      return { done: false, note: `status ${state.Status}` };
    });
  }
  if (b.wait) await waitHealthy(cli, log, id, b.waitTimeout);
  return {};
}

/** Waits until the container's healthcheck reports healthy; fails on unhealthy or timeout. */
export async function waitHealthy(
  cli: DockerCli,
  log: ResourceLog,
  id: string,
  timeoutSeconds: number,
): Promise<void> {
  await pollUntil(
    `container ${id} to be healthy`,
    timeoutSeconds * 1000,
    async () => {
      const current = await live(cli, log, id);
      const health = current.State.Health;
      if (!health) throw new Error(`container ${id} has no healthcheck, but wait: true needs one`);
      if (health.Status === "healthy") return { done: true, value: undefined };
      if (health.Status === "unhealthy") {
        throw new Error(`container ${id} is unhealthy (${lastHealthOutput(current)})`);
      }
      return { done: false, note: `health ${health.Status}, ${lastHealthOutput(current)}` };
    },
    500,
  );
}
