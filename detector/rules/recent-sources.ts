/** A source and how many of the recent lines it sent. */
export interface SourceCount {
  readonly ip: string;
  readonly lines: number;
}

/** Longest address kept (an IPv4-mapped IPv6 address is 45 characters). */
const MAX_ADDRESS = 46;

/**
 * Who sent the last `size` bad lines, in a preallocated ring of address bytes: recording copies a
 * few bytes and allocates nothing (a flood of bad lines stays cheap); the tally is made only when
 * an alert asks for it.
 */
export class RecentSources {
  private readonly bytes: Uint8Array;
  private readonly lengths: Uint8Array;
  private next = 0;
  private filled = 0;

  constructor(private readonly size: number) {
    this.bytes = new Uint8Array(size * MAX_ADDRESS);
    this.lengths = new Uint8Array(size);
  }

  /** Records a line from the address in `buf[start, end)`; an empty range is an unknown source. */
  add(buf: Uint8Array, start: number, end: number): void {
    const length = Math.min(end - start, MAX_ADDRESS);
    const at = this.next * MAX_ADDRESS;
    for (let i = 0; i < length; i++) this.bytes[at + i] = buf[start + i]!;
    this.lengths[this.next] = length;
    this.next = (this.next + 1) % this.size;
    if (this.filled < this.size) this.filled++;
  }

  /** The `n` sources with the most of the recorded lines ("unknown": no readable address). */
  top(n: number): SourceCount[] {
    const counts = new Map<string, number>();
    for (let k = 0; k < this.filled; k++) {
      const length = this.lengths[k]!;
      const ip =
        length === 0
          ? "unknown"
          : Buffer.from(this.bytes.buffer, k * MAX_ADDRESS, length).toString("latin1");
      counts.set(ip, (counts.get(ip) ?? 0) + 1);
    }
    return [...counts]
      .map(([ip, lines]) => ({ ip, lines }))
      .sort((a, b) => b.lines - a.lines || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0))
      .slice(0, n);
  }
}
