import type { BucketLayout } from "./bucket-layout";

/** The whole site's request count over the sliding window (log time). */
export class GlobalWindow {
  private readonly ring: Float64Array;
  private last = -1;
  /** Requests in the window as of the last advance. */
  total = 0;

  constructor(private readonly layout: BucketLayout) {
    this.ring = new Float64Array(layout.buckets);
  }

  /** Counts `n` requests at log second `second` (late ones within the window still count). */
  hit(second: number, n = 1): void {
    const bucket = Math.floor(second / this.layout.bucketSeconds);
    if (bucket > this.last) this.advance(second);
    else if (bucket <= this.last - this.layout.buckets) return;
    this.ring[bucket % this.layout.buckets]! += n;
    this.total += n;
  }

  /** Drops what fell out of the window at log second `second`. */
  advance(second: number): void {
    const bucket = Math.floor(second / this.layout.bucketSeconds);
    if (bucket <= this.last) return;
    const b = this.layout.buckets;
    if (this.last < 0 || bucket - this.last >= b) {
      this.ring.fill(0);
      this.total = 0;
    } else {
      for (let k = this.last + 1; k <= bucket; k++) {
        this.total -= this.ring[k % b]!;
        this.ring[k % b] = 0;
      }
    }
    this.last = bucket;
  }

  /** Requests per second over the window. */
  rate(): number {
    return this.total / this.layout.windowSeconds;
  }
}
