/** A source and how many lines it sent (at least; the sketch may overcount by its error). */
export interface SourceCount {
  readonly ip: string;
  readonly lines: number;
}

/**
 * Who sent the most, in bounded memory: the Space-Saving sketch (Metwally et al.) over tumbling
 * periods of `periodSeconds`, reported over the current and the previous period. A source that sent
 * more than 1/`capacity` of a period's lines is always kept; a newcomer takes the place of the
 * smallest entry and inherits its count, so counts are upper bounds.
 */
export class TopSources {
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  private periodStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly capacity: number,
    private readonly periodSeconds: number,
  ) {}

  /** Counts one line of `ip` at log second `second`. */
  add(ip: string, second: number): void {
    this.roll(second);
    const map = this.current;
    const count = map.get(ip);
    if (count !== undefined) {
      map.set(ip, count + 1);
      return;
    }
    if (map.size < this.capacity) {
      map.set(ip, 1);
      return;
    }
    let smallest = "";
    let min = Number.POSITIVE_INFINITY;
    for (const [key, n] of map)
      if (n < min) {
        min = n;
        smallest = key;
      }
    map.delete(smallest);
    map.set(ip, min + 1);
  }

  /** The `n` sources with the most lines over the current and previous period. */
  top(n: number, second: number): SourceCount[] {
    this.roll(second);
    const merged = new Map(this.previous);
    for (const [ip, lines] of this.current) merged.set(ip, (merged.get(ip) ?? 0) + lines);
    return [...merged]
      .map(([ip, lines]) => ({ ip, lines }))
      .sort((a, b) => b.lines - a.lines || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0))
      .slice(0, n);
  }

  private roll(second: number): void {
    if (second < this.periodStart + this.periodSeconds) return;
    const periods = Math.floor((second - this.periodStart) / this.periodSeconds);
    this.previous = periods === 1 ? this.current : new Map();
    this.current = new Map();
    this.periodStart = Number.isFinite(this.periodStart)
      ? this.periodStart + periods * this.periodSeconds
      : second;
  }
}
