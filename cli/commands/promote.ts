import type { ReleaseView } from "../release/release-view";
import { describeRelease } from "../release/release-view";
import { describeStats } from "../shell/format";
import { quietTerminal } from "../shell/terminal";
import type { CheckResult } from "../promotion/canary-check";
import { describeProgress } from "../promotion/measure-window";
import type { PromotionDeps } from "../promotion/promotion-deps";
import {
  PROGRESS_SECONDS,
  promoteOnce,
  PromotionStopped,
  releaseWithCanary,
} from "../promotion/promote-once";
import { watchPromotion } from "../promotion/watch";
import { UsageError } from "../usage-error";
import type { Verb, VerbArgs } from "../verb";
import { flag, numberOption, stringOption } from "../verb";
import { liveEdgeSource } from "../live/edge-source";
import { liveMetricsSource } from "../live/metrics-source";
import { progressLog, releaseDeps, withLiveStack } from "../wiring";
import type { CanaryRequest } from "./canary";
import { readEditableManifest, startCanary, weightOption } from "./canary";

/** What a `promote` command line asks for. */
export type PromoteRequest =
  | { readonly kind: "promote" }
  | ({ readonly kind: "start-canary" } & CanaryRequest);

const PROMOTE_OPTIONS = ["window", "watch", "interval", "failures", "timeout", "json"] as const;
const CANARY_OPTIONS = ["weight", "reason"] as const;

function refuseOptions(args: VerbArgs, names: readonly string[], form: string): void {
  const given = names.find((name) => args.values[name] !== undefined);
  if (given !== undefined) throw new UsageError(`--${given} does not apply to \`${form}\``);
}

/**
 * The forms `promote` takes: plain, `promote stable` (the original SwiftDeploy's word for it) and
 * `promote canary [VERSION]` (the original's way to start a canary, here `canary start`).
 */
export function promoteRequest(args: VerbArgs): PromoteRequest {
  const [, target, version] = args.positionals;
  if (target === undefined || target === "stable") {
    if (version !== undefined)
      throw new UsageError(`unexpected argument ${JSON.stringify(version)}`);
    refuseOptions(args, CANARY_OPTIONS, target === undefined ? "promote" : "promote stable");
    return { kind: "promote" };
  }
  if (target === "canary") {
    refuseOptions(args, PROMOTE_OPTIONS, "promote canary");
    return {
      kind: "start-canary",
      version,
      weight: weightOption(args, undefined),
      reason: stringOption(args, "reason"),
    };
  }
  throw new UsageError(
    `expected \`promote\`, \`promote stable\` or \`promote canary [VERSION]\`, got \`promote ${target}\``,
  );
}

/** What `promote --json` prints: the last check and, when it promoted, the release now running. */
export function promotionJson(check: CheckResult, release: ReleaseView | null): string {
  return JSON.stringify({
    outcome: check.outcome,
    promoted: release !== null,
    release,
    canary: check.canary,
    stable: check.stable,
    decision: check.recorded,
    thresholds: check.thresholds,
  });
}

/** `swiftdeploy promote`. */
export const promoteVerb: Verb = {
  name: "promote",
  summary: "ask OPA about the canary's live metrics over a sliding window; promote or refuse",
  usage: `usage: swiftdeploy promote [stable] [--window SECONDS] [--json] [--watch [--interval SECONDS] [--failures N] [--timeout SECONDS]]
       swiftdeploy promote canary [VERSION] [--weight PERCENT] [--reason TEXT]

Scrapes the canary's and stable's /metrics (through SSH on Docker, kubectl port-forward on
Kubernetes; never the public port) at the start and
the end of the analysis window, computes requests, 5xx rate and p99 from the deltas (not totals
since start), and asks OPA's canary policy. When OPA allows, release.stable.version becomes the
canary's version, the canary block is removed, and the stack is updated (the old stable retires).
Otherwise nothing changes and OPA's reasons are printed with the measured values (exit 3; 8 when
OPA gave no decision). Every check is recorded in history.jsonl. While the window runs, a progress
line every ${PROGRESS_SECONDS} s on stderr says how far it is and the canary's requests, errors and
p99 so far.

The original SwiftDeploy's forms work too: \`promote stable\` is \`promote\`; \`promote canary\` is
\`canary start\`: it starts VERSION as a canary (default: the canary the manifest declares) at
PERCENT of the traffic (default: the manifest's canary weight, else 10), or moves its weight.

options:
  --window SECONDS    analysis window (default: policy.promotion.windowSeconds in the manifest;
                      OPA holds on a shorter one)
  --watch             re-check every interval: promote as soon as OPA allows, roll back after N
                      failed checks in a row (exit 4); holds (too little data) are not failures
  --interval SECONDS  time between checks with --watch (default 10)
  --failures N        failed checks in a row that roll back (default 3)
  --timeout SECONDS   give up without changes when no decision came (default 1800; exit 12)
  --json              no progress lines; print the last check as one JSON object on stdout
                      (outcome, promoted, release, canary, stable, decision, thresholds), also
                      when it refused (then with the same exit code as without --json)
  --weight PERCENT    promote canary: the canary's share of requests, 0-100
  --reason TEXT       promote canary: why, for the history and the audit report

examples:
  swiftdeploy promote
  swiftdeploy promote --watch --interval 15 --failures 3
  swiftdeploy promote --watch --window 30 --interval 5 --failures 2
  swiftdeploy promote --json | jq .canary.p99Ms
  swiftdeploy promote stable
  swiftdeploy promote canary 1.1.0 --weight 25`,
  maxArguments: 2,
  options: {
    window: { type: "string" },
    watch: { type: "boolean" },
    interval: { type: "string" },
    failures: { type: "string" },
    timeout: { type: "string" },
    json: { type: "boolean" },
    weight: { type: "string" },
    reason: { type: "string" },
  },
  async run(ctx, args) {
    const request = promoteRequest(args);
    if (request.kind === "start-canary") {
      const after = await startCanary(ctx, request);
      ctx.term.out(`running ${describeRelease(after)}`);
      return 0;
    }
    const json = flag(args, "json");
    // --json: results only. Progress, the check lines and the update's engine lines stay off
    // stderr; errors still reach it (run-cli prints them with the real terminal).
    const quiet = json ? { ...ctx, term: quietTerminal(ctx.term) } : ctx;
    const manifest = readEditableManifest(quiet);
    const release = releaseDeps(quiet);
    releaseWithCanary(release);
    const windowSeconds = numberOption(args, "window", manifest.policy.promotion.windowSeconds, {
      min: 1,
      max: 86_400,
    });
    const watch = flag(args, "watch");
    const options = {
      windowSeconds,
      intervalSeconds: numberOption(args, "interval", 10, { min: 1, max: 3600 }),
      failures: numberOption(args, "failures", 3, { min: 1, max: 100 }),
      timeoutSeconds: numberOption(args, "timeout", 1800, { min: 1, max: 7 * 86_400 }),
    };
    const log = progressLog(quiet);
    const result = await withLiveStack(quiet, manifest, async (live) => {
      const deps: PromotionDeps = {
        ...release,
        metrics: liveMetricsSource(live, quiet.clock),
        edge: liveEdgeSource(live, quiet.clock),
        opa: await live.opa(),
        sleep: quiet.sleep,
        // Without a listener (--json) the window is one sleep: no scrapes only progress would use.
        ...(json ? {} : { progress: (p) => log(describeProgress(p)) }),
      };
      return watch ? watchPromotion(deps, options) : promoteOnce(deps, windowSeconds);
    }).catch((error: unknown) => {
      if (json && error instanceof PromotionStopped) ctx.term.out(promotionJson(error.check, null));
      throw error;
    });
    ctx.term.out(
      json
        ? promotionJson(result.check, result.release)
        : `promoted: ${describeRelease(result.release)} (${describeStats(result.check.canary)})`,
    );
    return 0;
  },
};
