import type { Manifest } from "../../core/manifest";
import { ManifestFormat } from "../../core/manifest";
import type { CliContext } from "../context";
import { applyReleaseStep } from "../promotion/release-steps";
import { legacyFormRefusal } from "../release/manifest-edit";
import type { ReleaseView } from "../release/release-view";
import { describeRelease, releaseView } from "../release/release-view";
import { UsageError } from "../usage-error";
import type { Verb, VerbArgs } from "../verb";
import { numberOption, stringOption } from "../verb";
import { releaseDeps, releaseStore } from "../wiring";

/** The canary's share when neither the command line nor the manifest gives one. */
export const DEFAULT_CANARY_WEIGHT = 10;

/** `--weight PERCENT`: a whole percent, or `fallback` when the option is absent. */
export function weightOption<T extends number | undefined>(
  args: VerbArgs,
  fallback: T,
): number | T {
  if (stringOption(args, "weight") === undefined) return fallback;
  const weight = numberOption(args, "weight", 0, { min: 0, max: 100 });
  if (!Number.isInteger(weight))
    throw new UsageError(`--weight must be a whole percent, not ${weight}`);
  return weight;
}

/**
 * The stack's manifest for a release edit; a legacy one (no release section) is refused before
 * anything is measured or changed.
 */
export function readEditableManifest(ctx: CliContext): Manifest {
  const read = releaseStore(ctx).readParsed();
  if (read.format === ManifestFormat.Legacy) throw legacyFormRefusal(read.file);
  return read.manifest;
}

/** What to start; unset fields come from the canary the manifest declares. */
export interface CanaryRequest {
  readonly version?: string;
  readonly weight?: number;
  readonly reason?: string;
}

/**
 * Starts a canary beside stable, or moves the running one's weight: sets release.canary in the
 * manifest and updates the stack. `canary start` and `promote canary` both run this.
 */
export async function startCanary(ctx: CliContext, request: CanaryRequest): Promise<ReleaseView> {
  const current = releaseView(readEditableManifest(ctx));
  const version = request.version ?? current.canary?.version;
  if (version === undefined)
    throw new UsageError(
      `the manifest declares no canary (it runs ${describeRelease(current)}), so give the version to start, e.g. 1.1.0`,
    );
  const weight = request.weight ?? current.canary?.weight ?? DEFAULT_CANARY_WEIGHT;
  const sameCanary = current.canary?.version === version;
  return applyReleaseStep(releaseDeps(ctx), {
    action: sameCanary ? "canary-weight" : "canary-start",
    edit: { kind: "start-canary", version, weight },
    reason: request.reason ?? `operator started canary ${version} at ${weight} %`,
    purpose: sameCanary ? `canary ${version} weight ${weight}` : `canary start ${version}`,
  });
}

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
\`swiftdeploy promote canary\` (the original SwiftDeploy's form) does the same.

options:
  --weight PERCENT   share of requests for the canary, 0-100 (default ${DEFAULT_CANARY_WEIGHT})
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
    const weight = weightOption(args, DEFAULT_CANARY_WEIGHT);
    const after = await startCanary(ctx, {
      version,
      weight,
      reason: stringOption(args, "reason"),
    });
    ctx.term.out(`running ${describeRelease(after)}`);
    return 0;
  },
};
