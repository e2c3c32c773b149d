import { systemClock } from "../../../core/clock";
import type { Output } from "../../io/output";
import { banPage } from "../../control/ban-rows";
import { askDaemon } from "./control-verb";
import { readOfflineState } from "./offline-state";
import { printResult, verbContext } from "./verb-context";

/** `bans [--permanent] [--config FILE]`: current bans (most recent first), or permanent ones only. */
export async function bansVerb(args: string[], out: Output): Promise<number> {
  const ctx = verbContext("bans", args, out, { permanent: { type: "boolean" } });
  const permanent = ctx.values.permanent === true;
  const live = await askDaemon(ctx.socket, "GET", `/bans?permanent=${permanent}&limit=1000000`);
  if (live !== undefined) {
    printResult(live);
    return 0;
  }
  const state = readOfflineState(ctx.settings, ctx.store);
  printResult({
    daemon: "not running (saved state)",
    ...banPage(state.ledger, state.evidence, systemClock.now(), 0, 1_000_000, permanent),
  });
  return 0;
}
