import {
  SLOT_MEMORY_SECONDS,
  slotName,
  type BaselineOptions,
  type BaselineStats,
} from "./baseline-stats";
import { HourSlots, hourOf } from "./hour-slots";
import { addMoments, emptyMoments, meanOf, stddevOf, type Moments } from "./moments";

/**
 * What ONE client's request rate normally is: at each recompute the engine hands over the
 * distribution of per-client window rates (banned, allowlisted and the busiest few left out); the
 * rolling baseline pools the snapshots of the history, and hour-of-day slots pool them per hour.
 */
export class ClientBaseline {
  private readonly ring: Moments[];
  private head = 0;
  private filled = 0;
  readonly slots: HourSlots;
  private readonly minSlotSnapshots: number;

  constructor(private readonly options: BaselineOptions) {
    const perHistory = Math.max(
      1,
      Math.floor((options.historyMinutes * 60) / options.recomputeSeconds),
    );
    this.ring = Array.from({ length: perHistory }, emptyMoments);
    this.slots = new HourSlots(Math.ceil(SLOT_MEMORY_SECONDS / options.recomputeSeconds));
    this.minSlotSnapshots = Math.ceil(options.minSlotSamples / options.recomputeSeconds);
  }

  /** Learns one snapshot of the per-client rate distribution taken at log second `second`. */
  record(second: number, snapshot: Moments): void {
    if (snapshot.n === 0) return;
    this.ring[this.head] = { ...snapshot };
    this.head = (this.head + 1) % this.ring.length;
    if (this.filled < this.ring.length) this.filled++;
    this.slots.add(hourOf(second), snapshot, 1);
  }

  /** Snapshots in the rolling history. */
  get snapshots(): number {
    return this.filled;
  }

  /** The per-client baseline to judge against at log second `second`. */
  stats(second: number): BaselineStats {
    const hour = hourOf(second);
    const slot = this.slots.get(hour);
    if (this.options.hourSlots && slot.weight >= this.minSlotSnapshots) {
      return {
        mean: meanOf(slot),
        stddev: stddevOf(slot),
        samples: Math.round(slot.n),
        source: slotName(hour),
      };
    }
    const pooled = emptyMoments();
    for (let i = 0; i < this.filled; i++) addMoments(pooled, this.ring[i]!);
    return { mean: meanOf(pooled), stddev: stddevOf(pooled), samples: pooled.n, source: "rolling" };
  }

  toJSON(): { history: number[][]; slots: number[][] } {
    const history: number[][] = [];
    const start = this.filled < this.ring.length ? 0 : this.head;
    for (let i = 0; i < this.filled; i++) {
      const m = this.ring[(start + i) % this.ring.length]!;
      history.push([m.n, m.sum, m.sumSq]);
    }
    return { history, slots: this.slots.toJSON() };
  }

  /** Restores a saved baseline; malformed parts are ignored and relearned. */
  load(saved: unknown): void {
    const s = saved as { history?: unknown; slots?: unknown } | undefined;
    if (s === undefined || s === null) return;
    if (Array.isArray(s.history)) {
      const rows = s.history.filter(
        (r): r is number[] =>
          Array.isArray(r) && r.length === 3 && r.every((x) => Number.isFinite(x)),
      );
      for (const [n, sum, sumSq] of rows.slice(-this.ring.length)) {
        this.ring[this.head] = { n: n!, sum: sum!, sumSq: sumSq! };
        this.head = (this.head + 1) % this.ring.length;
        if (this.filled < this.ring.length) this.filled++;
      }
    }
    this.slots.load(s.slots);
  }
}
