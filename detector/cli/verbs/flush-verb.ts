import type { Output } from "../../io/output";
import { askDaemon } from "./control-verb";
import { liftOffline } from "./offline-lift";
import { allKernelEnforcers, hasTool } from "./verb-enforcement";
import { verbActor } from "./verb-actor";
import { printResult, verbContext } from "./verb-context";

/**
 * `flush [--config FILE]`: lifts every ban and removes every rule and set, without uninstalling.
 * With the daemon running it does it there (and the daemon sets up empty sets again at once);
 * with it stopped, it clears the saved bans and leaves nothing in the kernel.
 */
export async function flushVerb(args: string[], out: Output): Promise<number> {
  const ctx = verbContext("flush", args, out, { actor: { type: "string" } });
  const actor = verbActor(ctx);
  const live = await askDaemon(ctx.socket, "POST", "/flush", { actor });
  if (live !== undefined) {
    printResult({ daemon: "running", ...(live as object) });
    return 0;
  }
  const lifted = await liftOffline(ctx, out, () => true, "flush", actor);
  const removed = [];
  for (const e of allKernelEnforcers(ctx.settings, ctx.runner, out)) {
    if (e.backend === "ipset" && !(await hasTool(ctx.runner, "ipset"))) continue;
    if (e.backend === "nftables" && !(await hasTool(ctx.runner, "nft"))) continue;
    removed.push(await e.teardown());
  }
  printResult({ daemon: "not running (saved state)", lifted: lifted.length, removed });
  return 0;
}
