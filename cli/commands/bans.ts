import { askDetector } from "../bans/ask-detector";
import { BanPageSchema } from "../bans/ban-answers";
import { renderBanTable } from "../bans/ban-table";
import type { Verb } from "../verb";
import { flag } from "../verb";

/** `swiftdeploy bans`. */
export const bansVerb: Verb = {
  name: "bans",
  summary: "the detector's bans in force: address, rule, since, until, step, evidence",
  usage: `usage: swiftdeploy bans [--json] [--permanent] [--stack NAME]

Lists the bans in force on the stack's host, most recent first, as the detector holds them: the
address or prefix, the rule that banned it (zscore, multiplier, error-share, or operator for a
manual ban), when, until when (or permanent), its escalation step and a one-line summary of the
evidence (the rate it was judged on, or who banned it by hand and why). Runs
\`swiftdeploy-detector bans\` on the host over SSH (as root: sudo -n when host.user is not root);
with the daemon stopped it reads the saved state and says so.

options:
  --json        the detector's answer as one JSON object ({total, rows: [...]}, each row with
                its full decision and evidence) for scripts
  --permanent   permanent bans only

On the kubernetes target it asks a running detector pod (kubectl exec): every pod holds the ban
list all edge nodes share.
exit codes: 0 listed; 10 the host, the cluster or the detector could not be reached

examples:
  swiftdeploy bans
  swiftdeploy bans --json | jq -r '.rows[].ip'
  swiftdeploy bans --permanent --stack prod`,
  options: { json: { type: "boolean" }, permanent: { type: "boolean" } },
  async run(ctx, args) {
    const answer = await askDetector(ctx, [
      "bans",
      ...(flag(args, "permanent") ? ["--permanent"] : []),
    ]);
    const page = BanPageSchema.parse(answer);
    ctx.term.out(flag(args, "json") ? JSON.stringify(page) : renderBanTable(page));
    return 0;
  },
};
