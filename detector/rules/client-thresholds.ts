import type { DetectorSettings } from "../../core/detector-settings";
import type { BaselineStats } from "../baseline/baseline-stats";

/** Everything a client is judged against until the next recompute (the evidence of a ban). */
export interface ClientThresholds {
  /** The learned per-client baseline. */
  readonly learned: BaselineStats;
  /** Mean and stddev actually used: the learned ones raised to the floors. */
  readonly mean: number;
  readonly stddev: number;
  readonly floored: boolean;
  readonly windowSeconds: number;
  readonly minRequests: number;
  /** z-score above which the z-score rule fires (null: rule off). */
  readonly zScore: number | null;
  /** Multiple of the mean above which the multiplier rule fires (null: rule off). */
  readonly multiplier: number | null;
  /** Rate (req/s) above which some normal rule fires. */
  readonly limitRps: number;
  /** Error share from which the tightened thresholds apply (null: rule off). */
  readonly errorMinShare: number | null;
  readonly errorFactor: number;
  /** Rate above which a client with a high error share is judged abnormal. */
  readonly tightLimitRps: number;
  /** The scale applied to the z-score and multiplier thresholds while a global surge lasts (1: none). */
  readonly surgeFactor: number;
  /** Requests in the window below which no rule can fire: the hot path skips judging. */
  readonly judgeCount: number;
}

/**
 * Derives per-client thresholds from the learned baseline, the floors and the rule settings.
 * During a global surge (`surging`) the z-score and multiplier thresholds are scaled by
 * `rules.globalSurge.tightenFactor`: a distributed flood's clients each stay under the normal
 * limits, so the limits come down while the site is under attack.
 */
export function clientThresholds(
  learned: BaselineStats,
  settings: DetectorSettings,
  surging = false,
): ClientThresholds {
  const { baseline, rules, windowSeconds } = settings;
  const mean = Math.max(learned.mean, baseline.clientMeanFloorRps);
  const stddev = Math.max(learned.stddev, baseline.clientStddevFloorRps);
  const surgeFactor = surging ? rules.globalSurge.tightenFactor : 1;
  const z = rules.zScore.enabled ? rules.zScore.threshold * surgeFactor : null;
  const m = rules.multiplier.enabled ? Math.max(1, rules.multiplier.factor * surgeFactor) : null;
  const limit = (zs: number | null, mult: number | null): number =>
    Math.min(zs === null ? Infinity : mean + zs * stddev, mult === null ? Infinity : mult * mean);
  const limitRps = limit(z, m);
  const errors = rules.errorShare;
  const f = errors.factor;
  const tightLimitRps = errors.enabled
    ? limit(z === null ? null : z * f, m === null ? null : Math.max(1, m * f))
    : Infinity;
  const lowest = Math.min(limitRps, tightLimitRps);
  return {
    learned,
    mean,
    stddev,
    floored: mean !== learned.mean || stddev !== learned.stddev,
    windowSeconds,
    minRequests: rules.minRequests,
    zScore: z,
    multiplier: m,
    limitRps,
    errorMinShare: errors.enabled ? errors.minShare : null,
    errorFactor: f,
    tightLimitRps,
    surgeFactor,
    judgeCount: Number.isFinite(lowest)
      ? Math.max(rules.minRequests, Math.floor(lowest * windowSeconds))
      : Number.MAX_SAFE_INTEGER,
  };
}
