/** Count, sum and sum of squares of a sample: enough for mean and stddev, and cheap to pool. */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

/** Empty moments. */
export function emptyMoments(): Moments {
  return { n: 0, sum: 0, sumSq: 0 };
}

/** Adds `from` into `into`. */
export function addMoments(into: Moments, from: Moments): void {
  into.n += from.n;
  into.sum += from.sum;
  into.sumSq += from.sumSq;
}

/** Mean, or 0 for no samples. */
export function meanOf(m: Moments): number {
  return m.n > 0 ? m.sum / m.n : 0;
}

/** Population standard deviation, or 0 for no samples. */
export function stddevOf(m: Moments): number {
  if (m.n === 0) return 0;
  const mean = m.sum / m.n;
  return Math.sqrt(Math.max(0, m.sumSq / m.n - mean * mean));
}

/** Moments of `values[0, count)` after dropping the largest `trimShare` of them. */
export function trimmedMoments(values: Float64Array, count: number, trimShare: number): Moments {
  const view = values.subarray(0, count);
  const keep = count - Math.floor(count * trimShare);
  if (keep < count) view.sort();
  const m = emptyMoments();
  for (let i = 0; i < keep; i++) {
    const v = view[i]!;
    m.n++;
    m.sum += v;
    m.sumSq += v * v;
  }
  return m;
}
