/** One cumulative histogram bucket: observations at most `le` (seconds, or +Infinity). */
export interface Bucket {
  readonly le: number;
  readonly count: number;
}

/** A quantile read from buckets, in the buckets' unit. */
export interface QuantileEstimate {
  readonly value: number;
  /** True when the quantile lies in the +Inf bucket: `value` is then the largest finite bound. */
  readonly beyondBuckets: boolean;
}

/**
 * The q-quantile of cumulative buckets, interpolating linearly inside the bucket that holds it, as
 * Prometheus's histogram_quantile does. Undefined when there are no observations.
 */
export function histogramQuantile(
  q: number,
  buckets: readonly Bucket[],
): QuantileEstimate | undefined {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  if (sorted[sorted.length - 1]?.le !== Number.POSITIVE_INFINITY) return undefined;
  // Deltas of separately reset series can dip; cumulative counts never do (Prometheus does the same).
  let running = 0;
  const cumulative = sorted.map((bucket) => {
    running = Math.max(running, bucket.count);
    return { le: bucket.le, count: running };
  });
  if (running <= 0) return undefined;
  const rank = q * running;
  let lower = 0;
  let below = 0;
  for (const bucket of cumulative) {
    if (bucket.count >= rank) {
      if (bucket.le === Number.POSITIVE_INFINITY) return { value: lower, beyondBuckets: true };
      const inside = bucket.count - below;
      const fraction = inside > 0 ? (rank - below) / inside : 1;
      return { value: lower + (bucket.le - lower) * fraction, beyondBuckets: false };
    }
    lower = bucket.le;
    below = bucket.count;
  }
  return undefined;
}
