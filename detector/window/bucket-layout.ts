/** At most this many buckets per window: memory per client stays fixed whatever the window. */
export const MAX_BUCKETS = 60;

/** How a sliding window of `windowSeconds` is cut into buckets. */
export interface BucketLayout {
  readonly windowSeconds: number;
  readonly buckets: number;
  readonly bucketSeconds: number;
}

/** One-second buckets up to a 60 s window, wider buckets (still 60 of them) beyond. */
export function bucketLayout(windowSeconds: number): BucketLayout {
  const bucketSeconds = Math.max(1, Math.ceil(windowSeconds / MAX_BUCKETS));
  return { windowSeconds, buckets: Math.ceil(windowSeconds / bucketSeconds), bucketSeconds };
}
