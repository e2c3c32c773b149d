import { parseDurationText } from "../../core/duration-text";
import { addressArgument, askDetector } from "../bans/ask-detector";
import { BanMadeSchema } from "../bans/ban-answers";
import { renderBanTable } from "../bans/ban-table";
import { UsageError } from "../usage-error";
import type { Verb } from "../verb";
import { flag, stringOption } from "../verb";

/** `--duration`: seconds, or "permanent" as the detector's null; a usage error otherwise. */
export function durationArgument(raw: string | undefined): string {
  if (raw === undefined)
    throw new UsageError('ban needs --duration (e.g. 2h, 30m, or "permanent")');
  const parsed = parseDurationText(raw);
  if ("error" in parsed) throw new UsageError(`--duration: ${parsed.error}`);
  return raw;
}

/** `swiftdeploy ban ADDR --duration 2h --reason TEXT`. */
export const banVerb: Verb = {
  name: "ban",
  summary: "ban an address by hand for a while (rule operator), audited and alerted",
  usage: `usage: swiftdeploy ban ADDR --duration LENGTH [--reason TEXT] [--json] [--stack NAME]

Bans ADDR (an address, or a prefix no wider than /16 or IPv6 /32) on the stack's host now, as the
detector bans: a kernel rule that ends by itself (rule \`operator\`). It counts as an offence, so
the address's next automatic ban escalates from it. The detector audits it with the actor
(user@host of this machine, or SWIFTDEPLOY_ACTOR) and the reason, and alerts through its webhook
whatever alerts.events says. It refuses what it never bans: loopback, the host's own addresses,
detector.allowlist and detector.trustedProxies (exit 15, nothing banned). The detector must be
running (it lifts the ban when it is due).

options:
  --duration LENGTH   90s, 10m, 2h, 1d, 1h30m, or "permanent"
  --reason TEXT       why, for the audit log, the alert and \`explain\`
  --json              the detector's answer ({"banned": {...}})

exit codes: 0 banned; 2 bad arguments; 10 the host or the detector could not be reached (or the
daemon is stopped); 15 refused (allowlisted, loopback or
host address, or too wide a prefix)

examples:
  swiftdeploy ban 203.0.113.77 --duration 2h --reason "credential stuffing, ticket OPS-42"
  swiftdeploy ban 2001:db8:bad::/48 --duration permanent --reason "abuse report"`,
  options: {
    duration: { type: "string" },
    reason: { type: "string" },
    json: { type: "boolean" },
  },
  maxArguments: 1,
  async run(ctx, args) {
    const ip = addressArgument("ban", args.positionals[1]);
    const duration = durationArgument(stringOption(args, "duration"));
    const reason = stringOption(args, "reason");
    const answer = BanMadeSchema.parse(
      await askDetector(ctx, [
        "ban",
        ip,
        "--duration",
        duration,
        ...(reason === undefined ? [] : ["--reason", reason]),
        "--actor",
        ctx.actor,
      ]),
    );
    ctx.term.out(
      flag(args, "json")
        ? JSON.stringify(answer)
        : renderBanTable({ total: 1, rows: [answer.banned] }),
    );
    return 0;
  },
};
