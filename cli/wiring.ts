import type { Manifest } from "../core/manifest";
import type { CliContext } from "./context";
import { historyFile } from "./context";
import { AutomationDeployer } from "./engine/automation-deployer";
import { engineApplier } from "./engine/engine-applier";
import { HistoryFile } from "./history/history-file";
import type { StackOutputs } from "./engine/stack-outputs";
import type { LiveStack } from "./live/live-stack";
import type { ReleaseDeps } from "./promotion/release-steps";
import { ManifestReleaseStore } from "./release/release-store";
import { liveTargetOf } from "./targets/registry";

/** The project's history file, stamped with this stack and actor. */
export function openHistory(ctx: CliContext): HistoryFile {
  return new HistoryFile(historyFile(ctx), { stack: ctx.stack, actor: ctx.actor }, ctx.clock);
}

/** Progress lines on stderr. */
export function progressLog(ctx: CliContext): (line: string) => void {
  return (line) => ctx.term.err(line);
}

/** The manifest-backed release store of this stack. */
export function releaseStore(ctx: CliContext): ManifestReleaseStore {
  return new ManifestReleaseStore(ctx.projectDir, ctx.stack, ctx.configFile);
}

/** The real engine, history and manifest behind release steps. */
export function releaseDeps(ctx: CliContext): ReleaseDeps & { deployer: AutomationDeployer } {
  const history = openHistory(ctx);
  const deployer = new AutomationDeployer(ctx, history);
  return {
    store: releaseStore(ctx),
    applier: engineApplier(ctx, deployer),
    history,
    clock: ctx.clock,
    log: progressLog(ctx),
    deployer,
  };
}

/** The stack's outputs, as its last update left them (secrets decrypted: handle chaosToken with care). */
export function stackOutputs(ctx: CliContext): Promise<StackOutputs> {
  return new AutomationDeployer(ctx, openHistory(ctx)).outputs();
}

/**
 * Runs `fn` with the running stack, reached the way its target needs (chosen from its outputs:
 * SSH to a Docker host, kubectl to a cluster), closed afterwards. `outputs`: when already read.
 */
export async function withLiveStack<T>(
  ctx: CliContext,
  manifest: Manifest,
  fn: (live: LiveStack) => Promise<T>,
  outputs?: StackOutputs,
): Promise<T> {
  const known = outputs ?? (await stackOutputs(ctx));
  const live = await liveTargetOf(ctx, known).connect(ctx, manifest, known);
  try {
    return await fn(live);
  } finally {
    await live.close();
  }
}
