import type { MetricsScrape } from "../../gate";
import { statsBetween } from "../analysis/window-stats";
import { millis, percent, perSecond } from "../shell/format";
import type { MeasureProgress } from "./measure-progress";
import type { PromotionDeps } from "./promotion-deps";

/** What waiting out a window needs; without `progress` it is one sleep and no extra scrapes. */
export type MeasureDeps = Pick<PromotionDeps, "clock" | "sleep" | "metrics" | "progress">;

/**
 * Waits until `windowSeconds` after now. With a progress listener it wakes every
 * `progressSeconds`, scrapes the canary and reports its traffic since `start` (a failed scrape is
 * reported, not fatal: the window's own end scrape decides). The deadline comes from the clock,
 * so the time scrapes take does not stretch the window.
 */
export async function waitOutWindow(
  deps: MeasureDeps,
  start: MetricsScrape,
  windowSeconds: number,
  progressSeconds: number,
): Promise<void> {
  const progress = deps.progress;
  if (progress === undefined) return deps.sleep(windowSeconds * 1000);
  const begun = deps.clock.now();
  const deadline = begun + windowSeconds * 1000;
  for (;;) {
    const remaining = deadline - deps.clock.now();
    if (remaining <= 0) return;
    await deps.sleep(Math.min(progressSeconds * 1000, remaining));
    if (deadline - deps.clock.now() <= 0) return;
    const elapsedSeconds = Math.round((deps.clock.now() - begun) / 1000);
    try {
      const now = await deps.metrics.scrape("canary");
      progress({
        elapsedSeconds,
        windowSeconds,
        canary: statsBetween({ start, end: now }),
        error: null,
      });
    } catch (error) {
      const reason = (error as Error).message.split("\n")[0] ?? String(error);
      progress({ elapsedSeconds, windowSeconds, canary: null, error: reason });
    }
  }
}

/** "measuring 15 of 60 s: canary 300 requests (20.0/s), 2 errors (0.67 %), p99 5.0 ms". */
export function describeProgress(p: MeasureProgress): string {
  const head = `measuring ${p.elapsedSeconds} of ${p.windowSeconds} s:`;
  if (p.canary === null) return `${head} canary not read (${p.error ?? "no answer"})`;
  const c = p.canary;
  const p99 = c.p99BeyondBuckets ? `above ${millis(c.p99Ms)}` : millis(c.p99Ms);
  return `${head} canary ${c.requests} requests (${perSecond(c.requestRate)}), ${c.errors} errors (${percent(c.errorRate)}), p99 ${p99}`;
}
