import { addressArgument, askDetector } from "../bans/ask-detector";
import { ExplainSchema } from "../bans/ban-answers";
import { renderExplain } from "../bans/explain-text";
import type { Verb } from "../verb";
import { flag } from "../verb";

/** `swiftdeploy explain ADDR`. */
export const explainVerb: Verb = {
  name: "explain",
  summary: "why an address is banned, on what evidence, until when, and its audit history",
  usage: `usage: swiftdeploy explain ADDR [--json] [--stack NAME]

Asks the detector on the stack's host why ADDR is banned: the rule, the evidence (rate, requests,
window, z-score; or who banned it by hand and why), until when, where it is enforced, the
offender's escalation record and its audit history (bans and unbans with who acted). An IPv6
address is looked up under the prefix it is counted in (detector.ipv6Prefix, /64 by default).

options:
  --json   the detector's answer as one JSON object

exit codes: 0 answered (banned or not); 2 not an address; 10 the host or the detector could not be
reached (on kubernetes every running detector pod is asked: the evidence is on the node that decided)

examples:
  swiftdeploy explain 203.0.113.77
  swiftdeploy explain 2001:db8:1:2::abcd --json`,
  options: { json: { type: "boolean" } },
  maxArguments: 1,
  async run(ctx, args) {
    const ip = addressArgument("explain", args.positionals[1]);
    const report = ExplainSchema.parse(await askDetector(ctx, ["explain", ip]));
    ctx.term.out(flag(args, "json") ? JSON.stringify(report) : renderExplain(report));
    return 0;
  },
};
