/** One second of the site's traffic as the dashboard charts it. */
export interface RatePoint {
  /** Wall time (epoch ms) at the end of the second. */
  readonly t: number;
  /** Log lines read in that second (requests per second). */
  readonly requests: number;
  /** The sliding-window rate the rules see (req/s). */
  readonly windowRate: number;
}

/** A ring of the last `capacity` seconds. */
export class RateHistory {
  private readonly points: RatePoint[] = [];

  constructor(private readonly capacity: number) {}

  push(point: RatePoint): void {
    this.points.push(point);
    if (this.points.length > this.capacity)
      this.points.splice(0, this.points.length - this.capacity);
  }

  list(): readonly RatePoint[] {
    return this.points;
  }
}
