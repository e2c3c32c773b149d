import type { Manifest } from "../core/manifest";
import type { CliContext } from "./context";
import { historyFile } from "./context";
import { AutomationDeployer } from "./engine/automation-deployer";
import { engineApplier } from "./engine/engine-applier";
import { HistoryFile } from "./history/history-file";
import { LiveStack } from "./live/live-stack";
import type { ReleaseDeps } from "./promotion/release-steps";
import { ManifestReleaseStore } from "./release/release-store";

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

/** Runs `fn` with a connection to the stack's host, closed afterwards. */
export async function withLiveStack<T>(
  ctx: CliContext,
  manifest: Manifest,
  fn: (live: LiveStack) => Promise<T>,
): Promise<T> {
  const live = await LiveStack.connect(ctx, manifest);
  try {
    return await fn(live);
  } finally {
    await live.close();
  }
}
