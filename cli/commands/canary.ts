import { applyReleaseStep } from "../promotion/release-steps";
import { describeRelease, releaseView } from "../release/release-view";
import { UsageError } from "../usage-error";
import type { Verb } from "../verb";
import { numberOption, stringOption } from "../verb";
import { releaseDeps } from "../wiring";

/** `swiftdeploy canary start`. */
export const canaryVerb: Verb = {
  name: "canary",
  summary:
    "canary start <version> [--weight 10]: run a canary beside stable with a share of traffic",
  usage: `usage: swiftdeploy canary start <version> [--weight PERCENT] [--reason TEXT] [--stack NAME]

Sets release.canary in manifest.yaml (comments and layout kept; validated before it is written;
written atomically) and updates the stack: the canary's container api-canary-<version> starts
beside stable and Nginx sends it PERCENT of the requests. Run it again with the same version and
another weight to move traffic in steps (5, 25, 50, …). Recorded in history.jsonl.

options:
  --weight PERCENT   share of requests for the canary, 0-100 (default 10)
  --reason TEXT      why, for the history and the audit report

examples:
  swiftdeploy canary start 1.1.0
  swiftdeploy canary start 1.1.0 --weight 25 --reason "second step"`,
  maxArguments: 2,
  options: { weight: { type: "string" }, reason: { type: "string" } },
  async run(ctx, args) {
    const [, action, version, ...extra] = args.positionals;
    if (action !== "start")
      throw new UsageError(`expected \`canary start <version>\`, got \`canary ${action ?? ""}\``);
    if (version === undefined || extra.length > 0)
      throw new UsageError("canary start takes exactly one version, e.g. 1.1.0");
    const weight = numberOption(args, "weight", 10, { min: 0, max: 100 });
    if (!Number.isInteger(weight))
      throw new UsageError(`--weight must be a whole percent, not ${weight}`);
    const deps = releaseDeps(ctx);
    const current = releaseView(deps.store.read());
    const sameCanary = current.canary?.version === version;
    const after = await applyReleaseStep(deps, {
      action: sameCanary ? "canary-weight" : "canary-start",
      edit: { kind: "start-canary", version, weight },
      reason: stringOption(args, "reason") ?? `operator started canary ${version} at ${weight} %`,
      purpose: sameCanary ? `canary ${version} weight ${weight}` : `canary start ${version}`,
    });
    ctx.term.out(`running ${describeRelease(after)}`);
    return 0;
  },
};
