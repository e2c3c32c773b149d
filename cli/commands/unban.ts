import { addressArgument, askDetector } from "../bans/ask-detector";
import { LiftedSchema } from "../bans/ban-answers";
import { UsageError } from "../usage-error";
import type { Verb } from "../verb";
import { flag } from "../verb";

/** `swiftdeploy unban ADDR|--all|--permanent`. */
export const unbanVerb: Verb = {
  name: "unban",
  summary: "lift a ban now (or --all, --permanent), audited and alerted with who did it",
  usage: `usage: swiftdeploy unban ADDR | --all | --permanent [--json] [--stack NAME]

Lifts bans on the stack's host now: the kernel rule goes at once, the detector records an unban in
its audit log with the actor (user@host of this machine, or SWIFTDEPLOY_ACTOR) and sends an unban
alert through its webhook. An IPv6 address lifts the prefix it was banned under. With the daemon
stopped the saved bans and the kernel sets are changed directly (audited; no alert).

options:
  --all         every ban
  --permanent   every permanent ban
  --json        the detector's answer ({"lifted": [...]})

exit codes: 0 done (nothing lifted is not an error: the line says so); 2 bad arguments; 10 the host
or the detector could not be reached

examples:
  swiftdeploy unban 203.0.113.77
  swiftdeploy unban --permanent
  SWIFTDEPLOY_ACTOR=oncall-bot swiftdeploy unban --all`,
  options: {
    all: { type: "boolean" },
    permanent: { type: "boolean" },
    json: { type: "boolean" },
  },
  maxArguments: 1,
  async run(ctx, args) {
    const raw = args.positionals[1];
    const all = flag(args, "all");
    const permanent = flag(args, "permanent");
    if ([raw !== undefined, all, permanent].filter(Boolean).length !== 1)
      throw new UsageError("unban needs exactly one of: an address, --all, --permanent");
    const which =
      raw !== undefined ? [addressArgument("unban", raw)] : [all ? "--all" : "--permanent"];
    const answer = LiftedSchema.parse(
      await askDetector(ctx, ["unban", ...which, "--actor", ctx.actor]),
    );
    if (flag(args, "json")) ctx.term.out(JSON.stringify(answer));
    else if (answer.lifted.length === 0)
      ctx.term.out(`nothing to lift: ${raw ?? (all ? "no bans" : "no permanent bans")} in force`);
    else
      ctx.term.out(
        `lifted ${answer.lifted.length === 1 ? answer.lifted[0] : `${answer.lifted.length} bans`} (by ${ctx.actor})`,
      );
    return 0;
  },
};
