import { describeRelease } from "../release/release-view";
import { describeStats } from "../shell/format";
import type { PromotionDeps } from "../promotion/promotion-deps";
import { promoteOnce, releaseWithCanary } from "../promotion/promote-once";
import { watchPromotion } from "../promotion/watch";
import type { Verb } from "../verb";
import { flag, numberOption } from "../verb";
import { liveMetricsSource } from "../live/metrics-source";
import { progressLog, releaseDeps, withLiveStack } from "../wiring";

/** `swiftdeploy promote`. */
export const promoteVerb: Verb = {
  name: "promote",
  summary: "ask OPA about the canary's live metrics over a sliding window; promote or refuse",
  usage: `usage: swiftdeploy promote [--window SECONDS] [--watch [--interval SECONDS] [--failures N] [--timeout SECONDS]]

Scrapes the canary's and stable's /metrics (through SSH, never the public port) at the start and
the end of the analysis window, computes requests, 5xx rate and p99 from the deltas (not totals
since start), and asks OPA's canary policy. When OPA allows, release.stable.version becomes the
canary's version, the canary block is removed, and the stack is updated (the old stable retires).
Otherwise nothing changes and OPA's reasons are printed with the measured values (exit 3; 8 when
OPA gave no decision). Every check is recorded in history.jsonl.

options:
  --window SECONDS    analysis window (default: policy.promotion.windowSeconds in the manifest;
                      OPA holds on a shorter one)
  --watch             re-check every interval: promote as soon as OPA allows, roll back after N
                      failed checks in a row (exit 4); holds (too little data) are not failures
  --interval SECONDS  time between checks with --watch (default 10)
  --failures N        failed checks in a row that roll back (default 3)
  --timeout SECONDS   give up without changes when no decision came (default 1800; exit 12)

examples:
  swiftdeploy promote
  swiftdeploy promote --watch --interval 15 --failures 3
  swiftdeploy promote --watch --window 30 --interval 5 --failures 2`,
  options: {
    window: { type: "string" },
    watch: { type: "boolean" },
    interval: { type: "string" },
    failures: { type: "string" },
    timeout: { type: "string" },
  },
  async run(ctx, args) {
    const release = releaseDeps(ctx);
    const manifest = release.store.read();
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
    const result = await withLiveStack(ctx, manifest, async (live) => {
      const deps: PromotionDeps = {
        ...release,
        metrics: liveMetricsSource(live),
        opa: await live.opa(),
        sleep: ctx.sleep,
        log: progressLog(ctx),
      };
      return watch ? watchPromotion(deps, options) : promoteOnce(deps, windowSeconds);
    });
    ctx.term.out(
      `promoted: ${describeRelease(result.release)} (${describeStats(result.check.canary)})`,
    );
    return 0;
  },
};
