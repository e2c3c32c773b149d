import { banKeyOf, canonicalKey } from "../../enforce/ban-key";
import type { Output } from "../../io/output";
import { UsageError } from "../usage";
import { askDaemon } from "./control-verb";
import { liftOffline } from "./offline-lift";
import { verbActor } from "./verb-actor";
import { printResult, verbContext } from "./verb-context";

/**
 * `unban IP | --permanent | --all [--actor USER@HOST] [--config FILE]`: lifts bans now (the
 * daemon's, or the saved ones), audited with the actor.
 */
export async function unbanVerb(args: string[], out: Output): Promise<number> {
  const ctx = verbContext(
    "unban",
    args,
    out,
    { permanent: { type: "boolean" }, all: { type: "boolean" }, actor: { type: "string" } },
    { min: 0, max: 1 },
  );
  const ip = ctx.positionals[0];
  const permanent = ctx.values.permanent === true;
  const all = ctx.values.all === true;
  if ([ip !== undefined, permanent, all].filter(Boolean).length !== 1)
    throw new UsageError("unban needs exactly one of: an IP (or prefix), --permanent, --all");
  const actor = verbActor(ctx);
  const which = ip !== undefined ? { ip } : permanent ? { permanent: true } : { all: true };
  const body = { ...which, actor };
  const live = await askDaemon(ctx.socket, "POST", "/unban", body);
  if (live !== undefined) {
    printResult(live);
    return 0;
  }
  const s = ctx.settings;
  const exact = ip === undefined ? undefined : (canonicalKey(ip)?.key ?? ip);
  const prefixed = exact === undefined ? undefined : banKeyOf(exact, s.ipv4Prefix, s.ipv6Prefix);
  const lifted = await liftOffline(
    ctx,
    out,
    (key, isPermanent) =>
      exact !== undefined ? key === exact || key === prefixed : all || isPermanent,
    "operator-lift",
    actor,
  );
  printResult({ daemon: "not running (saved state)", lifted });
  return 0;
}
