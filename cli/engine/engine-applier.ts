import type { CliContext } from "../context";
import type { ReleaseApplier } from "../promotion/ports";
import { liveTargetOf } from "../targets/registry";
import type { AutomationDeployer } from "./automation-deployer";
import type { StackOutputs } from "./stack-outputs";
import { waitForHttp200 } from "./wait-healthy";

/** How long a stack may take to answer after an update. */
export const HEALTHY_TIMEOUT_MS = 120_000;

/** What an update left: the stack's outputs and where the public reaches it. */
export interface Deployed {
  readonly outputs: StackOutputs;
  /** The public URLs (one on a Docker host, one per edge node on Kubernetes). */
  readonly urls: readonly string[];
}

/**
 * Runs `pulumi up`, then waits until every public URL of the stack's target answers 200 again
 * (the Docker host's published port; each edge node's NodePort).
 */
export async function upAndWait(
  ctx: CliContext,
  deployer: AutomationDeployer,
  purpose: string,
  timeoutMs = HEALTHY_TIMEOUT_MS,
): Promise<Deployed> {
  const { outputs } = await deployer.up(purpose);
  const urls = await liveTargetOf(ctx, outputs).publicUrls(ctx, outputs);
  for (const url of urls) {
    ctx.term.err(`waiting for ${url} to answer 200`);
    await waitForHttp200(url, {
      timeoutMs,
      intervalMs: 1000,
      clock: ctx.clock,
      sleep: ctx.sleep,
    });
  }
  return { outputs, urls };
}

/** Release steps applied by the engine: an update, then the health wait. */
export function engineApplier(ctx: CliContext, deployer: AutomationDeployer): ReleaseApplier {
  return { apply: async (purpose) => void (await upAndWait(ctx, deployer, purpose)) };
}
