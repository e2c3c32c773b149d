import type { MetricsScrape } from "../../gate";

/**
 * The recent scrapes of one instance (or marks of a log), oldest first, for a sliding analysis
 * window: the window ends at the newest and starts at the newest at least `windowMs` older.
 */
export class ScrapeRing<T extends { readonly at: number } = MetricsScrape> {
  private readonly scrapes: T[] = [];

  /** Keeps scrapes up to `keepMs` older than the newest (at least one window's worth). */
  constructor(private readonly keepMs: number) {}

  /** Adds a scrape; ones out of time order are ignored. */
  push(scrape: T): void {
    const newest = this.scrapes[this.scrapes.length - 1];
    if (newest !== undefined && scrape.at <= newest.at) return;
    this.scrapes.push(scrape);
    // Keep the newest scrape that is older than keepMs: it still starts a full window.
    while (this.scrapes.length > 2 && (this.scrapes[1]?.at ?? 0) <= scrape.at - this.keepMs) {
      this.scrapes.shift();
    }
  }

  get size(): number {
    return this.scrapes.length;
  }

  /** Milliseconds between the oldest and the newest scrape kept. */
  get spanMs(): number {
    const first = this.scrapes[0];
    const last = this.scrapes[this.scrapes.length - 1];
    return first === undefined || last === undefined ? 0 : last.at - first.at;
  }

  /**
   * The full window of `windowMs` ending at the newest scrape, or undefined until the scrapes span
   * it. With `partial`, the longest window there is instead (undefined with fewer than two scrapes).
   */
  window(windowMs: number, partial = false): { start: T; end: T } | undefined {
    const end = this.scrapes[this.scrapes.length - 1];
    if (end === undefined || this.scrapes.length < 2) return undefined;
    let start: T | undefined;
    for (const scrape of this.scrapes) {
      if (scrape.at <= end.at - windowMs) start = scrape;
    }
    if (start === undefined && partial) start = this.scrapes[0];
    return start === undefined || start === end ? undefined : { start, end };
  }
}
