/** How far repeated runs of one measurement were apart, relative to the least: 0 for one run. */
export function spread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const least = Math.min(...values);
  return (Math.max(...values) - least) / least;
}

/** A goal's measured value and how much it moves from run to run. */
export interface GoalCheck {
  readonly value: number;
  readonly target: number;
  /** "higher": the value must exceed the target; "lower": stay under it. */
  readonly better: "higher" | "lower";
  /** The measurement's own noise as a relative ± share (e.g. `spread` of its runs). */
  readonly noise: number;
}

/**
 * "met", "met (within noise: ±x %)" or "MISSED". A goal met by a margin smaller than the
 * measurement's own noise could as well have been missed on another run, and the line says so.
 */
export function verdict({ value, target, better, noise }: GoalCheck): string {
  const met = better === "higher" ? value > target : value < target;
  if (!met) return "MISSED";
  const margin = better === "higher" ? value / target - 1 : target / value - 1;
  // An infinite margin (the target is "never") is met beyond any noise.
  if (margin === Infinity || margin > noise) return "met";
  const band = Number.isFinite(noise) ? `±${(noise * 100).toFixed(1)} %` : "unbounded";
  return `met (within noise: ${band})`;
}
