import type { Clock } from "../../core/clock";

/** Disagreement between the wall and monotonic clocks below this is drift, not a step. */
const TOLERANCE_MS = 2_000;
/** A step that lasts this long is a correction, and is taken. */
const ACCEPT_AFTER_MS = 600_000;

/**
 * The daemon's clock: the wall clock, except that a sudden step of it (the host's clock set a
 * year ahead, then back) is ignored — time runs on with the monotonic clock — until the step has
 * lasted ten minutes, when it is taken as a correction. So a passing step neither ends every ban at
 * once nor times the next one a year long.
 */
export class SteadyClock implements Clock {
  /** now = monotonic + offset. */
  private offset: number;
  private steppedSince: number | undefined;
  /** Steps of the wall clock seen so far. */
  steps = 0;

  constructor(
    private readonly wall: Clock,
    private readonly monotonicMs: () => number,
    /** Told of each step (wall minus steady time) and whether it was taken as a correction. */
    private readonly onStep: (stepMs: number, taken: boolean) => void = () => undefined,
  ) {
    this.offset = wall.now() - monotonicMs();
  }

  now(): number {
    const mono = this.monotonicMs();
    const wall = this.wall.now();
    const steady = mono + this.offset;
    if (Math.abs(wall - steady) <= TOLERANCE_MS) {
      this.offset = wall - mono;
      this.steppedSince = undefined;
      return wall;
    }
    if (this.steppedSince === undefined) {
      this.steppedSince = mono;
      this.steps++;
      this.onStep(wall - steady, false);
    }
    if (mono - this.steppedSince < ACCEPT_AFTER_MS) return steady;
    this.onStep(wall - steady, true);
    this.offset = wall - mono;
    this.steppedSince = undefined;
    return wall;
  }
}
