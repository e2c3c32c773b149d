import { systemClock } from "../../../core/clock";
import type { BanRemoval } from "../../enforce/enforcer";
import { hostAddresses } from "../../io/host-addresses";
import type { Output } from "../../io/output";
import { exceptionFinder } from "../../daemon/enforcement-setup";
import { offlineAuditLog } from "./offline-audit";
import { readOfflineState } from "./offline-state";
import type { VerbContext } from "./verb-context";
import { verbEnforcers } from "./verb-enforcement";

/**
 * Lifts bans while the daemon is stopped: in the saved ledger (the daemon will not restore them)
 * and in the backends, with an audit record. Returns the lifted keys.
 */
export async function liftOffline(
  ctx: VerbContext,
  out: Output,
  select: (key: string, permanent: boolean) => boolean,
  reason: string,
  actor: string,
): Promise<string[]> {
  const s = ctx.settings;
  const state = readOfflineState(s, ctx.store);
  const now = systemClock.now();
  const exceptionsFor = exceptionFinder(s, hostAddresses());
  const removals: BanRemoval[] = [];
  for (const o of state.ledger.list()) {
    if (o.untilMs === 0 || !select(o.ip, !Number.isFinite(o.untilMs))) continue;
    state.ledger.lift(o.ip, now);
    state.evidence.delete(o.ip);
    removals.push({ key: o.ip, family: o.family, except: exceptionsFor(o.ip) });
  }
  if (removals.length > 0) {
    ctx.store.prepare();
    ctx.store.saveBans(state.ledger.save());
    state.evidence.save();
    const { kernel, nginx } = verbEnforcers(s, ctx.runner, out);
    for (const e of nginx === undefined ? [kernel] : [kernel, nginx])
      await e.apply({ add: [], remove: removals });
  }
  const audit = offlineAuditLog(ctx);
  audit.record("lift", {
    reason,
    actor,
    offline: true,
    lifted: removals.map((r) => r.key).slice(0, 1000),
    count: removals.length,
  });
  audit.flush();
  return removals.map((r) => r.key);
}
