import { ErrorCode, SwiftDeployError } from "../../core/errors";
import { ScrapeRing } from "../analysis/scrape-ring";
import type { EdgeMark } from "./ports";
import { describeStats } from "../shell/format";
import { describeRelease } from "../release/release-view";
import type { PromoteResult } from "./promote-once";
import {
  measuredLines,
  promoteCanary,
  PromotionStopped,
  recordedCheck,
  releaseWithCanary,
} from "./promote-once";
import type { PromotionDeps, TrackScrapes } from "./promotion-deps";
import { scrapeTracks } from "./promotion-deps";
import { rollbackCanary } from "./rollback";

/** How `promote --watch` checks. */
export interface WatchOptions {
  /** The sliding analysis window each check looks at. */
  readonly windowSeconds: number;
  /** Time between checks (the first one waits for a full window). */
  readonly intervalSeconds: number;
  /** Failed checks in a row that roll the canary back. */
  readonly failures: number;
  /** Give up (changing nothing) when no decision came within this time. */
  readonly timeoutSeconds: number;
}

/**
 * Re-checks the canary every interval over a sliding window: promotes as soon as OPA allows, rolls
 * back after `failures` failed checks in a row. Holds (too little data) and checks without an OPA
 * decision or a scrape are reported but neither counted nor breaking the run.
 */
export async function watchPromotion(
  deps: PromotionDeps,
  options: WatchOptions,
): Promise<PromoteResult> {
  const release = releaseWithCanary(deps);
  const windowMs = options.windowSeconds * 1000;
  const rings = { canary: new ScrapeRing(windowMs * 2), stable: new ScrapeRing(windowMs * 2) };
  const edgeRing = new ScrapeRing<EdgeMark>(windowMs * 2);
  const push = (scrapes: TrackScrapes) => {
    rings.canary.push(scrapes.canary);
    if (scrapes.stable !== undefined) rings.stable.push(scrapes.stable);
    if (scrapes.edge !== undefined) edgeRing.push(scrapes.edge);
  };
  const started = deps.clock.now();
  deps.log(
    `watching canary ${release.canary.version}: a check every ${options.intervalSeconds} s over the last ${options.windowSeconds} s; rollback after ${options.failures} failed checks in a row`,
  );
  push(await scrapeTracks(deps));
  let failed = 0;
  while (deps.clock.now() - started < options.timeoutSeconds * 1000) {
    await deps.sleep(options.intervalSeconds * 1000);
    try {
      push(await scrapeTracks(deps));
    } catch (error) {
      deps.log(`check skipped (not counted): ${(error as Error).message.split("\n")[0]}`);
      continue;
    }
    const canary = rings.canary.window(windowMs);
    if (canary === undefined) {
      deps.log(
        `collecting: ${Math.round(rings.canary.spanMs / 1000)} s of ${options.windowSeconds} s`,
      );
      continue;
    }
    const stable = rings.stable.window(windowMs);
    const edge = edgeRing.window(windowMs);
    const check = await recordedCheck(deps, "watch", release, {
      canary,
      ...(stable === undefined ? {} : { stable }),
      ...(edge === undefined ? {} : { edge: { from: edge.start, to: edge.end } }),
    });
    const reasons = check.decision.reasons.join("; ");
    if (check.outcome === "promote") {
      deps.log(`check passed: ${describeStats(check.canary)}; promoting`);
      return { check, release: await promoteCanary(deps, check, release.canary.version) };
    }
    if (check.outcome !== "fail") {
      deps.log(`${check.outcome === "hold" ? "hold" : "no decision"} (not counted): ${reasons}`);
      continue;
    }
    failed += 1;
    deps.log(`failed check ${failed}/${options.failures}: ${reasons}`);
    if (failed >= options.failures) {
      const why = `${failed} failed checks in a row: ${reasons}`;
      const after = await rollbackCanary(deps, { reason: why });
      throw new PromotionStopped(
        ErrorCode.RolledBack,
        `canary ${release.canary.version} was rolled back after ${why}`,
        [...measuredLines(check), `the stack now runs ${describeRelease(after)}`],
        check,
      );
    }
  }
  throw new SwiftDeployError(
    ErrorCode.TimedOut,
    `no promotion decision for canary ${release.canary.version} within ${options.timeoutSeconds} s (${failed} failed checks)`,
    [
      `nothing was changed: the stack still runs ${describeRelease(release)}`,
      "send traffic to the canary, or raise --timeout",
    ],
  );
}
