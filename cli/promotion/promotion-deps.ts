import type { OpaClient } from "../../gate";
import type { MetricsScrape, ScrapePair } from "../../gate";
import type { MeasureProgress } from "./measure-progress";
import type { ReleaseDeps } from "./release-steps";
import type { MetricsSource } from "./ports";

/** Everything a promotion needs, injected so tests drive it with twins. */
export interface PromotionDeps extends ReleaseDeps {
  readonly metrics: MetricsSource;
  readonly opa: OpaClient;
  readonly sleep: (ms: number) => Promise<void>;
  /** Told how the window is going while `promote` measures it; none: no extra scrapes. */
  readonly progress?: (progress: MeasureProgress) => void;
}

/** Scrapes of both tracks at one moment; stable is optional (a failed stable scrape is logged). */
export interface TrackScrapes {
  readonly canary: MetricsScrape;
  readonly stable?: MetricsScrape;
}

/** Scrapes the canary (required) and stable (best effort). */
export async function scrapeTracks(deps: PromotionDeps): Promise<TrackScrapes> {
  const canary = await deps.metrics.scrape("canary");
  try {
    return { canary, stable: await deps.metrics.scrape("stable") };
  } catch (error) {
    deps.log(`stable not measured: ${(error as Error).message.split("\n")[0]}`);
    return { canary };
  }
}

/** Window pairs from two moments' scrapes; stable only when measured at both. */
export function pairsOf(
  start: TrackScrapes,
  end: TrackScrapes,
): { canary: ScrapePair; stable?: ScrapePair } {
  const canary = { start: start.canary, end: end.canary };
  return start.stable !== undefined && end.stable !== undefined
    ? { canary, stable: { start: start.stable, end: end.stable } }
    : { canary };
}
