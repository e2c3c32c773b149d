import type { ClientThresholds } from "./client-thresholds";
import { Rule } from "./rule-names";

/** Why a client is judged abnormal. */
export interface ClientVerdict {
  /** The rule the decision is filed under. */
  readonly rule:
    | typeof Rule.ZScore
    | typeof Rule.Multiplier
    | typeof Rule.ErrorShare
    | typeof Rule.OwnHistory;
  /** Every check that fired (with the error-share tightening when it was needed). */
  readonly fired: readonly string[];
  readonly rate: number;
  readonly zScore: number;
  readonly errorShare: number;
  readonly tightened: boolean;
  /** Rule own-history: the checks that fired against the client's own history. */
  readonly own?: {
    readonly fired: readonly string[];
    readonly zScore: number;
    readonly tightened: boolean;
  };
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

/**
 * Judges a client the site's thresholds let pass against its own history (`own`: the same rules
 * and floors over the client's own mean and stddev). The verdict is filed under `own-history`;
 * its rate, z-score and error share stay the site's view, the own view is in `own`.
 */
export function judgeOwnHistory(
  requests: number,
  errors: number,
  own: ClientThresholds,
  site: ClientThresholds,
): ClientVerdict | undefined {
  const ownVerdict = judgeClient(requests, errors, own);
  if (ownVerdict === undefined) return undefined;
  const rate = requests / site.windowSeconds;
  return {
    rule: Rule.OwnHistory,
    fired: [Rule.OwnHistory],
    rate,
    zScore: (rate - site.mean) / site.stddev,
    errorShare: ownVerdict.errorShare,
    tightened: false,
    own: { fired: ownVerdict.fired, zScore: ownVerdict.zScore, tightened: ownVerdict.tightened },
  };
}
