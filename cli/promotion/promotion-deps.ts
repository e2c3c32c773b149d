import type { OpaClient } from "../../gate";
import type { MetricsScrape, ScrapePair } from "../../gate";
import type { MeasureProgress } from "./measure-progress";
import type { ReleaseDeps } from "./release-steps";
import type { EdgeMark, EdgeSource, MetricsSource } from "./ports";

/** Everything a promotion needs, injected so tests drive it with twins. */
export interface PromotionDeps extends ReleaseDeps {
  readonly metrics: MetricsSource;
  /** Nginx's view of the versions; none: the API's own metrics alone decide. */
  readonly edge?: EdgeSource;
  readonly opa: OpaClient;
  readonly sleep: (ms: number) => Promise<void>;
  /** Told how the window is going while `promote` measures it; none: no extra scrapes. */
  readonly progress?: (progress: MeasureProgress) => void;
}

/** Scrapes of both tracks at one moment; stable is optional (a failed stable scrape is logged). */
export interface TrackScrapes {
  readonly canary: MetricsScrape;
  readonly stable?: MetricsScrape;
  /** Where Nginx's access log stood (none: not read on this target, or it failed). */
  readonly edge?: EdgeMark;
}

const firstLine = (error: unknown) => (error as Error).message.split("\n")[0];

/** Marks Nginx's access log (best effort: a failure is logged and the API's view decides alone). */
async function markEdge(deps: PromotionDeps): Promise<EdgeMark | undefined> {
  if (deps.edge === undefined) return undefined;
  try {
    return await deps.edge.mark();
  } catch (error) {
    deps.log(`Nginx's access log not read: ${firstLine(error)}`);
    return undefined;
  }
}

/** Scrapes the canary (required) and stable (best effort), and marks Nginx's log. */
export async function scrapeTracks(deps: PromotionDeps): Promise<TrackScrapes> {
  const canary = await deps.metrics.scrape("canary");
  const edge = await markEdge(deps);
  const withEdge = edge === undefined ? {} : { edge };
  try {
    return { canary, stable: await deps.metrics.scrape("stable"), ...withEdge };
  } catch (error) {
    deps.log(`stable not measured: ${firstLine(error)}`);
    return { canary, ...withEdge };
  }
}

/** Window pairs from two moments' scrapes; stable only when measured at both. */
export function pairsOf(start: TrackScrapes, end: TrackScrapes): WindowPairs {
  const canary = { start: start.canary, end: end.canary };
  const edge =
    start.edge !== undefined && end.edge !== undefined
      ? { edge: { from: start.edge, to: end.edge } }
      : {};
  return start.stable !== undefined && end.stable !== undefined
    ? { canary, stable: { start: start.stable, end: end.stable }, ...edge }
    : { canary, ...edge };
}

/** One window's scrape pairs, and its span in Nginx's log when both ends were marked. */
export interface WindowPairs {
  readonly canary: ScrapePair;
  readonly stable?: ScrapePair;
  readonly edge?: { readonly from: EdgeMark; readonly to: EdgeMark };
}
