import type { WindowStats } from "../history/history-record";

/** How far one analysis window has come, for a progress line while it is measured. */
export interface MeasureProgress {
  readonly elapsedSeconds: number;
  readonly windowSeconds: number;
  /** The canary's traffic since the window began; null when this scrape failed. */
  readonly canary: WindowStats | null;
  /** Why the canary could not be read this time (the window goes on). */
  readonly error: string | null;
}
