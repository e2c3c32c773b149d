/** Time to first drop over a bench's runs; a run that never dropped counts as infinitely slow. */
export interface DropStats {
  readonly runs: number;
  readonly neverDropped: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  /** How far the p95 could move on another set of runs, as a relative ± share. */
  readonly p95Noise: number;
  readonly medianNoise: number;
}

/**
 * Nearest-rank quantiles over every run, the runs that never dropped included (as Infinity):
 * leaving them out would report the p95 of the runs that went well. The noise of a quantile is
 * the spread of the values inside its 95 % rank band (binomial, normal approximation).
 */
export function dropStats(samples: readonly (number | null)[]): DropStats {
  const sorted = samples.map((ms) => ms ?? Infinity).sort((a, b) => a - b);
  const n = sorted.length;
  const atShare = (share: number): number => {
    const rank = Math.min(n, Math.max(1, Math.ceil(share * n)));
    return sorted[rank - 1] ?? NaN;
  };
  const noiseAt = (q: number): number => {
    const half = 1.96 * Math.sqrt((q * (1 - q)) / n);
    const value = atShare(q);
    const furthest = Math.max(atShare(q + half) - value, value - atShare(q - half));
    return furthest / value;
  };
  return {
    runs: n,
    neverDropped: samples.filter((ms) => ms === null).length,
    median: atShare(0.5),
    p95: atShare(0.95),
    min: sorted[0] ?? NaN,
    max: sorted[n - 1] ?? NaN,
    p95Noise: noiseAt(0.95),
    medianNoise: noiseAt(0.5),
  };
}
