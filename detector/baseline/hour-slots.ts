import { addMoments, emptyMoments, type Moments } from "./moments";

/** One hour-of-day slot: pooled moments and how many samples (or snapshots) built them. */
export interface HourSlot extends Moments {
  weight: number;
}

/** UTC hour of day (0–23) of a log second. */
export function hourOf(second: number): number {
  return Math.floor((((second % 86_400) + 86_400) % 86_400) / 3600);
}

/**
 * Twenty-four slots, one per UTC hour of day. A slot that reaches `cap` halves itself, so old days
 * fade (roughly a week of memory at the default cap) and a changing site is followed.
 */
export class HourSlots {
  readonly slots: HourSlot[];

  constructor(private readonly cap: number) {
    this.slots = Array.from({ length: 24 }, () => ({ ...emptyMoments(), weight: 0 }));
  }

  add(hour: number, m: Moments, weight: number): void {
    const slot = this.slots[hour]!;
    addMoments(slot, m);
    slot.weight += weight;
    if (slot.weight >= this.cap) {
      slot.weight /= 2;
      slot.n /= 2;
      slot.sum /= 2;
      slot.sumSq /= 2;
    }
  }

  get(hour: number): HourSlot {
    return this.slots[hour]!;
  }

  toJSON(): number[][] {
    return this.slots.map((s) => [s.weight, s.n, s.sum, s.sumSq]);
  }

  /** Restores saved slots; ignores malformed input (the baseline then relearns). */
  load(saved: unknown): void {
    if (!Array.isArray(saved) || saved.length !== 24) return;
    saved.forEach((row: unknown, i) => {
      if (!Array.isArray(row) || row.length !== 4 || !row.every((x) => Number.isFinite(x))) return;
      const [weight, n, sum, sumSq] = row as number[];
      Object.assign(this.slots[i]!, { weight, n, sum, sumSq });
    });
  }
}
