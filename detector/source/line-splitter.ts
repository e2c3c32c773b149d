import { isAscii } from "node:buffer";

/**
 * Receives each complete line as a byte range of a buffer that is only valid during the call;
 * `ascii` is true when the whole chunk the line came from is ASCII (no UTF-8 check needed).
 */
export type LineSink = (buf: Buffer, start: number, end: number, ascii: boolean) => void;
/**
 * Told about a line longer than the limit: it is skipped without being buffered, except its first
 * {@link LONG_LINE_PREFIX_BYTES} bytes (`prefix`, valid only during the call).
 */
export type LongLineSink = (prefix: Buffer, length: number) => void;

/** Bytes of an over-long line kept for its reader: room for the leading fields of a log line. */
export const LONG_LINE_PREFIX_BYTES = 512;

/**
 * Splits a byte stream into lines on "\n" (dropping a trailing "\r") without copying: callers read
 * straight into `space()`, then `commit(n)`. A partial last line is carried to the front of the
 * buffer until its newline arrives; a line longer than `maxLineBytes` is reported once with its first
 * bytes and skipped.
 */
export class LineSplitter {
  private readonly buf: Buffer;
  private carry = 0;
  private discarding = false;
  /** Start and length so far of the over-long line being skipped (reported when it ends). */
  private longPrefix: Buffer | undefined;
  private longLength = 0;
  /** Bytes of complete lines (and skipped long lines) handed out so far. */
  consumed = 0;

  constructor(
    private readonly onLine: LineSink,
    private readonly onLongLine: LongLineSink,
    private readonly maxLineBytes: number,
    chunkBytes = 1 << 20,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(chunkBytes, 2 * maxLineBytes + 2));
  }

  /** The buffer and the region a reader may fill next. */
  space(): { buf: Buffer; offset: number; length: number } {
    return { buf: this.buf, offset: this.carry, length: this.buf.length - this.carry };
  }

  /** Bytes of an unfinished last line held back. */
  get pending(): number {
    return this.discarding ? 0 : this.carry;
  }

  /** Processes `n` bytes just written at `space().offset`. */
  commit(n: number): void {
    const buf = this.buf;
    const end = this.carry + n;
    let pos = 0;
    if (this.discarding) {
      const nl = buf.indexOf(10, 0);
      if (nl < 0 || nl >= end) {
        this.consumed += n;
        this.longLength += n;
        this.carry = 0;
        return;
      }
      this.consumed += nl + 1;
      this.longLength += nl;
      this.endLongLine();
      pos = nl + 1;
    }
    const view = end === buf.length ? buf : buf.subarray(0, end);
    const ascii = isAscii(view);
    for (;;) {
      const nl = view.indexOf(10, pos);
      if (nl < 0) break;
      let lineEnd = nl;
      if (lineEnd > pos && buf[lineEnd - 1] === 13) lineEnd--;
      if (lineEnd - pos > this.maxLineBytes) {
        this.onLongLine(buf.subarray(pos, pos + LONG_LINE_PREFIX_BYTES), lineEnd - pos);
      } else if (lineEnd > pos) {
        this.onLine(buf, pos, lineEnd, ascii);
      }
      this.consumed += nl + 1 - pos;
      pos = nl + 1;
    }
    const rest = end - pos;
    if (rest > this.maxLineBytes) {
      this.longPrefix = Buffer.from(buf.subarray(pos, pos + LONG_LINE_PREFIX_BYTES));
      this.longLength = rest;
      this.discarding = true;
      this.consumed += rest;
      this.carry = 0;
      return;
    }
    if (rest > 0 && pos > 0) buf.copyWithin(0, pos, end);
    this.carry = rest;
  }

  /** Hands out an unfinished last line as if it had ended (a file that will not grow). */
  flush(): void {
    if (this.discarding) {
      this.endLongLine();
      this.carry = 0;
      return;
    }
    if (this.carry > 0) {
      let lineEnd = this.carry;
      if (this.buf[lineEnd - 1] === 13) lineEnd--;
      if (lineEnd > 0) this.onLine(this.buf, 0, lineEnd, false);
      this.consumed += this.carry;
      this.carry = 0;
    }
  }

  private endLongLine(): void {
    this.discarding = false;
    if (this.longPrefix !== undefined) this.onLongLine(this.longPrefix, this.longLength);
    this.longPrefix = undefined;
  }

  /** Drops bytes up to and including the next newline (reading started inside a line). */
  skipLine(): void {
    this.discarding = true;
    this.longPrefix = undefined;
    this.carry = 0;
  }

  /** Forgets any unfinished line (the file was truncated under it). */
  reset(): void {
    this.carry = 0;
    this.discarding = false;
    this.longPrefix = undefined;
  }
}
