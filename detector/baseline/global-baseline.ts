import {
  SLOT_MEMORY_SECONDS,
  slotName,
  type BaselineOptions,
  type BaselineStats,
} from "./baseline-stats";
import { HourSlots, hourOf } from "./hour-slots";
import { meanOf, stddevOf, type Moments } from "./moments";

/**
 * What the whole site's per-second request count normally is: a rolling history of per-second
 * counts (30 min by default) plus hour-of-day slots, preferred once they hold enough samples.
 */
export class GlobalBaseline {
  private readonly ring: Float64Array;
  private head = 0;
  private filled = 0;
  readonly slots = new HourSlots(SLOT_MEMORY_SECONDS);
  private readonly one: Moments = { n: 1, sum: 0, sumSq: 0 };

  constructor(private readonly options: BaselineOptions) {
    this.ring = new Float64Array(options.historyMinutes * 60);
  }

  /** Learns the request count of one finished second. */
  record(second: number, count: number): void {
    this.ring[this.head] = count;
    this.head = (this.head + 1) % this.ring.length;
    if (this.filled < this.ring.length) this.filled++;
    this.one.sum = count;
    this.one.sumSq = count * count;
    this.slots.add(hourOf(second), this.one, 1);
  }

  /** Learns `count` silent seconds starting at log second `from` (a gap in the log is no traffic). */
  recordZeros(from: number, count: number): void {
    const inRing = Math.min(count, this.ring.length);
    for (let i = 0; i < inRing; i++) {
      this.ring[this.head] = 0;
      this.head = (this.head + 1) % this.ring.length;
    }
    this.filled = Math.min(this.ring.length, this.filled + inRing);
    for (let second = from; second < from + count; ) {
      const hourEnd = (Math.floor(second / 3600) + 1) * 3600;
      const n = Math.min(hourEnd, from + count) - second;
      this.slots.add(hourOf(second), { n, sum: 0, sumSq: 0 }, n);
      second += n;
    }
  }

  /** Samples in the rolling history. */
  get samples(): number {
    return this.filled;
  }

  /** The baseline to judge against at log second `second`. */
  stats(second: number): BaselineStats {
    const hour = hourOf(second);
    const slot = this.slots.get(hour);
    if (this.options.hourSlots && slot.weight >= this.options.minSlotSamples) {
      return {
        mean: meanOf(slot),
        stddev: stddevOf(slot),
        samples: Math.round(slot.weight),
        source: slotName(hour),
      };
    }
    let sum = 0;
    for (let i = 0; i < this.filled; i++) sum += this.ring[i]!;
    const mean = this.filled > 0 ? sum / this.filled : 0;
    let sq = 0;
    for (let i = 0; i < this.filled; i++) sq += (this.ring[i]! - mean) ** 2;
    const stddev = this.filled > 0 ? Math.sqrt(sq / this.filled) : 0;
    return { mean, stddev, samples: this.filled, source: "rolling" };
  }

  toJSON(): { history: number[]; slots: number[][] } {
    const history: number[] = [];
    const start = this.filled < this.ring.length ? 0 : this.head;
    for (let i = 0; i < this.filled; i++) history.push(this.ring[(start + i) % this.ring.length]!);
    return { history, slots: this.slots.toJSON() };
  }

  /** Restores a saved baseline (oldest samples dropped if the history got shorter). */
  load(saved: unknown): void {
    const s = saved as { history?: unknown; slots?: unknown } | undefined;
    if (s === undefined || s === null) return;
    if (Array.isArray(s.history)) {
      const values = s.history.filter(
        (x): x is number => typeof x === "number" && Number.isFinite(x),
      );
      for (const v of values.slice(-this.ring.length)) {
        this.ring[this.head] = v;
        this.head = (this.head + 1) % this.ring.length;
        if (this.filled < this.ring.length) this.filled++;
      }
    }
    this.slots.load(s.slots);
  }
}
