/** What a baseline says is normal right now, and where that came from. */
export interface BaselineStats {
  readonly mean: number;
  readonly stddev: number;
  /** Observations behind the figures. */
  readonly samples: number;
  /** "rolling" (the recent history) or "hour-HH" (the UTC hour-of-day slot). */
  readonly source: string;
}

/** Baseline tuning shared by the global and the per-client baseline. */
export interface BaselineOptions {
  readonly historyMinutes: number;
  readonly recomputeSeconds: number;
  readonly hourSlots: boolean;
  readonly minSlotSamples: number;
}

/** Seconds of history a slot keeps before it starts to fade (a week of that hour). */
export const SLOT_MEMORY_SECONDS = 7 * 3600;

/** "hour-07". */
export function slotName(hour: number): string {
  return `hour-${String(hour).padStart(2, "0")}`;
}
