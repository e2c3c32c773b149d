import type { CliContext } from "../context";
import type { ReleaseApplier } from "../promotion/ports";
import type { AutomationDeployer } from "./automation-deployer";
import { waitForHttp200 } from "./wait-healthy";

/** How long a stack may take to answer after an update. */
export const HEALTHY_TIMEOUT_MS = 120_000;

/** Runs `pulumi up`, then waits until the public URL answers 200 again; resolves with that URL. */
export async function upAndWait(
  ctx: CliContext,
  deployer: AutomationDeployer,
  purpose: string,
  timeoutMs = HEALTHY_TIMEOUT_MS,
): Promise<string | undefined> {
  const { outputs } = await deployer.up(purpose);
  if (outputs.publicUrl === undefined) return undefined;
  ctx.term.err(`waiting for ${outputs.publicUrl} to answer 200`);
  await waitForHttp200(outputs.publicUrl, {
    timeoutMs,
    intervalMs: 1000,
    clock: ctx.clock,
    sleep: ctx.sleep,
  });
  return outputs.publicUrl;
}

/** Release steps applied by the engine: an update, then the health wait. */
export function engineApplier(ctx: CliContext, deployer: AutomationDeployer): ReleaseApplier {
  return { apply: async (purpose) => void (await upAndWait(ctx, deployer, purpose)) };
}
