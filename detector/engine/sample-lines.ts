/** A few log lines per client about to be judged, kept as the evidence of a ban. */
export class SampleLines {
  private readonly bySlot = new Map<number, string[]>();

  constructor(
    private readonly perClient: number,
    private readonly maxChars: number,
  ) {}

  /** Keeps the line `buf[start, end)` of the client in `slot` while it has room. */
  capture(slot: number, buf: Buffer, start: number, end: number): void {
    let list = this.bySlot.get(slot);
    if (list === undefined) this.bySlot.set(slot, (list = []));
    if (list.length < this.perClient) list.push(this.text(buf, start, end));
  }

  /** The client's samples ending with the line `buf[start, end)`; forgets them. */
  take(slot: number, buf: Buffer, start: number, end: number): string[] {
    const lines = this.bySlot.get(slot) ?? [];
    const current = this.text(buf, start, end);
    if (lines[lines.length - 1] !== current) lines.push(current);
    this.bySlot.delete(slot);
    return lines;
  }

  /** Forgets a client's samples (it was evicted). */
  drop(slot: number): void {
    this.bySlot.delete(slot);
  }

  private text(buf: Buffer, start: number, end: number): string {
    return buf.toString("utf8", start, Math.min(end, start + this.maxChars));
  }
}
