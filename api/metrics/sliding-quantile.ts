import type { Clock } from "../../core";

/** Shape of a sliding window of latency observations. */
export interface SlidingQuantileOptions {
  /** Length of the window; older observations stop counting. */
  readonly windowMs: number;
  /** Granularity at which observations age out of the window. */
  readonly slotMs: number;
  /** Smallest value told apart from 0, in seconds. */
  readonly minSeconds: number;
  /** Largest value told apart from larger ones, in seconds. */
  readonly maxSeconds: number;
  /** Ratio between neighbouring bin bounds: the worst relative error of a reported quantile. */
  readonly growth: number;
}

export const DEFAULT_WINDOW: SlidingQuantileOptions = {
  windowMs: 60_000,
  slotMs: 1_000,
  minSeconds: 0.0001,
  maxSeconds: 60,
  growth: 1.02,
};

/**
 * Quantiles over the last `windowMs`, in constant memory and constant time per observation:
 * a ring of per-slot histograms with logarithmic bins. A reported quantile is the upper bound of
 * its bin, so it never under-states latency and over-states it by at most `growth - 1`.
 */
export class SlidingQuantile {
  private readonly slots: number;
  private readonly bins: number;
  private readonly counts: Uint32Array;
  private readonly slotIds: Float64Array;
  private readonly logGrowth: number;

  constructor(
    private readonly clock: Clock,
    private readonly options: SlidingQuantileOptions = DEFAULT_WINDOW,
  ) {
    this.slots = Math.ceil(options.windowMs / options.slotMs);
    this.logGrowth = Math.log(options.growth);
    this.bins = Math.ceil(Math.log(options.maxSeconds / options.minSeconds) / this.logGrowth) + 1;
    this.counts = new Uint32Array(this.slots * this.bins);
    this.slotIds = new Float64Array(this.slots).fill(-1);
  }

  /** Records one observation, in seconds. */
  record(seconds: number): void {
    const slotId = Math.floor(this.clock.now() / this.options.slotMs);
    const slot = slotId % this.slots;
    if (this.slotIds[slot] !== slotId) {
      this.counts.fill(0, slot * this.bins, (slot + 1) * this.bins);
      this.slotIds[slot] = slotId;
    }
    this.counts[slot * this.bins + this.binOf(seconds)]! += 1;
  }

  /** The q-quantile (nearest rank) of the window, or NaN when the window holds nothing. */
  quantile(q: number): number {
    const totals = this.windowTotals();
    const n = totals.reduce((sum, c) => sum + c, 0);
    if (n === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * n));
    let seen = 0;
    for (let bin = 0; bin < this.bins; bin += 1) {
      seen += totals[bin]!;
      if (seen >= rank) return this.upperBound(bin);
    }
    return this.options.maxSeconds;
  }

  /** Number of observations in the window. */
  count(): number {
    return this.windowTotals().reduce((sum, c) => sum + c, 0);
  }

  private binOf(seconds: number): number {
    if (!(seconds > this.options.minSeconds)) return 0;
    const bin = Math.ceil(Math.log(seconds / this.options.minSeconds) / this.logGrowth);
    return Math.min(bin, this.bins - 1);
  }

  private upperBound(bin: number): number {
    return Math.min(this.options.minSeconds * this.options.growth ** bin, this.options.maxSeconds);
  }

  private windowTotals(): Uint32Array {
    const current = Math.floor(this.clock.now() / this.options.slotMs);
    const totals = new Uint32Array(this.bins);
    for (let slot = 0; slot < this.slots; slot += 1) {
      const id = this.slotIds[slot]!;
      if (id <= current - this.slots || id > current) continue;
      const offset = slot * this.bins;
      for (let bin = 0; bin < this.bins; bin += 1) totals[bin]! += this.counts[offset + bin]!;
    }
    return totals;
  }
}
