import { rollbackCanary } from "../promotion/rollback";
import { describeRelease } from "../release/release-view";
import type { Verb } from "../verb";
import { flag, stringOption } from "../verb";
import { releaseDeps } from "../wiring";

/** `swiftdeploy rollback`. */
export const rollbackVerb: Verb = {
  name: "rollback",
  summary: "send all traffic back to stable at once, then remove the canary",
  usage: `usage: swiftdeploy rollback [--keep-canary] [--reason TEXT] [--stack NAME]

Step 1 sets the canary's weight to 0 and updates (only Nginx reloads: stable takes all traffic at
once). Step 2 removes release.canary from manifest.yaml and updates (the canary container retires).
Both steps are recorded in history.jsonl. No policy gates a rollback.

options:
  --keep-canary    stop after step 1: the canary keeps running, without traffic, for inspection
  --reason TEXT    why, for the history and the audit report

examples:
  swiftdeploy rollback
  swiftdeploy rollback --keep-canary --reason "investigating 5xx"`,
  options: { "keep-canary": { type: "boolean" }, reason: { type: "string" } },
  async run(ctx, args) {
    const after = await rollbackCanary(releaseDeps(ctx), {
      reason: stringOption(args, "reason") ?? "operator rollback",
      keepCanary: flag(args, "keep-canary"),
    });
    ctx.term.out(`running ${describeRelease(after)}`);
    return 0;
  },
};
