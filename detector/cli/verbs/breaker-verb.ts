import type { Output } from "../../io/output";
import { UsageError } from "../usage";
import { askDaemon } from "./control-verb";
import { offlineAuditLog } from "./offline-audit";
import { readOfflineState } from "./offline-state";
import { verbActor } from "./verb-actor";
import { printResult, verbContext } from "./verb-context";

/** `breaker status | reset [--config FILE]`: shows or lifts a tripped storm breaker. */
export async function breakerVerb(args: string[], out: Output): Promise<number> {
  const ctx = verbContext("breaker", args, out, { actor: { type: "string" } }, { min: 1, max: 1 });
  const action = ctx.positionals[0];
  if (action !== "status" && action !== "reset")
    throw new UsageError('breaker takes "status" or "reset"');
  if (action === "reset") {
    const actor = verbActor(ctx);
    const live = await askDaemon(ctx.socket, "POST", "/breaker/reset", { actor });
    if (live !== undefined) {
      printResult(live);
      return 0;
    }
    const state = readOfflineState(ctx.settings, ctx.store);
    const trip = (state.breaker as { trip?: unknown } | undefined)?.trip ?? null;
    ctx.store.prepare();
    ctx.store.saveBreaker({ trip: null, held: 0 });
    const audit = offlineAuditLog(ctx);
    audit.record("breaker-reset", { trip, actor, offline: true });
    audit.flush();
    printResult({ daemon: "not running (saved state)", reset: trip });
    return 0;
  }
  const live = (await askDaemon(ctx.socket, "GET", "/status")) as { breaker?: unknown } | undefined;
  if (live !== undefined) {
    printResult(live.breaker);
    return 0;
  }
  const state = readOfflineState(ctx.settings, ctx.store);
  const saved = state.breaker as { trip?: unknown; held?: number } | undefined;
  printResult({
    daemon: "not running (saved state)",
    tripped: saved?.trip ?? null,
    held: saved?.held ?? 0,
  });
  return 0;
}
