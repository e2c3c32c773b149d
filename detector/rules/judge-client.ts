import type { ClientThresholds } from "./client-thresholds";
import { Rule } from "./rule-names";

/** Why a client is judged abnormal. */
export interface ClientVerdict {
  /** The rule the decision is filed under. */
  readonly rule: typeof Rule.ZScore | typeof Rule.Multiplier | typeof Rule.ErrorShare;
  /** Every check that fired (with the error-share tightening when it was needed). */
  readonly fired: readonly string[];
  readonly rate: number;
  readonly zScore: number;
  readonly errorShare: number;
  readonly tightened: boolean;
}

/**
 * Judges one client's window against what is normal for ONE client. Quiet until `minRequests`;
 * then the z-score and the multiplier rules; a client whose 4xx/5xx share is high is judged again
 * with the thresholds scaled down (rule "error-share").
 */
export function judgeClient(
  requests: number,
  errors: number,
  t: ClientThresholds,
): ClientVerdict | undefined {
  if (requests < t.minRequests) return undefined;
  const rate = requests / t.windowSeconds;
  const zScore = (rate - t.mean) / t.stddev;
  const errorShare = requests > 0 ? errors / requests : 0;
  const zFires = t.zScore !== null && zScore > t.zScore;
  const multFires = t.multiplier !== null && rate > t.multiplier * t.mean;
  if (zFires || multFires) {
    const fired = [...(zFires ? [Rule.ZScore] : []), ...(multFires ? [Rule.Multiplier] : [])];
    return {
      rule: zFires ? Rule.ZScore : Rule.Multiplier,
      fired,
      rate,
      zScore,
      errorShare,
      tightened: false,
    };
  }
  if (t.errorMinShare === null || errorShare < t.errorMinShare || rate <= t.tightLimitRps)
    return undefined;
  const fired: string[] = [Rule.ErrorShare];
  if (t.zScore !== null && zScore > t.zScore * t.errorFactor) fired.push(Rule.ZScore);
  if (t.multiplier !== null && rate > Math.max(1, t.multiplier * t.errorFactor) * t.mean)
    fired.push(Rule.Multiplier);
  return { rule: Rule.ErrorShare, fired, rate, zScore, errorShare, tightened: true };
}
