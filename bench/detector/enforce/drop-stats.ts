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
 * the spread of the values inside its 95 % rank band (binomial, normal approximation), widened to
 * the neighbouring ranks at least: with few runs the band would otherwise collapse onto one run.
 */
export function dropStats(samples: readonly (number | null)[]): DropStats {
  const sorted = samples.map((ms) => ms ?? Infinity).sort((a, b) => a - b);
  const n = sorted.length;
  const rankOf = (share: number): number => Math.min(n, Math.max(1, Math.ceil(share * n)));
  const atRank = (rank: number): number => sorted[Math.min(n, Math.max(1, rank)) - 1] ?? NaN;
  const atShare = (share: number): number => atRank(rankOf(share));
  const noiseAt = (q: number): number => {
    const half = 1.96 * Math.sqrt((q * (1 - q)) / n);
    const rank = rankOf(q);
    const value = atRank(rank);
    const above = atRank(Math.max(rank + 1, rankOf(q + half)));
    const below = atRank(Math.min(rank - 1, rankOf(q - half)));
    return Math.max(above - value, value - below) / value;
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
