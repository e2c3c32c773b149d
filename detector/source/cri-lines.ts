import { isAscii } from "node:buffer";
import { LONG_LINE_PREFIX_BYTES, type LineSink, type LongLineSink } from "./line-splitter";

const SPACE = 0x20;
const TAG_FULL = 0x46; // "F"
const TAG_PARTIAL = 0x50; // "P"
const STDERR = Buffer.from("stderr");

const STREAM_BYTES = 6; // "stdout" and "stderr"
const STDERR_MARK = 0x65; // the 4th byte: "e" in "stderr", "o" in "stdout"
const NO_HEADER = Number.MIN_SAFE_INTEGER;

/**
 * Where the content of the CRI line `buf[start, end)` starts (`<RFC 3339 time> <stdout|stderr>
 * <P|F> <content>`), negated (`~start`) for stderr; NO_HEADER when the line has no CRI header.
 * Numbers, not an object: this runs for every line of the log.
 */
function contentStart(buf: Buffer, start: number, end: number): number {
  const timeEnd = buf.indexOf(SPACE, start);
  if (timeEnd < 0 || timeEnd >= end) return NO_HEADER;
  const streamEnd = timeEnd + 1 + STREAM_BYTES;
  if (streamEnd + 2 > end || buf[streamEnd] !== SPACE) return NO_HEADER;
  const tag = buf[streamEnd + 1];
  if (tag !== TAG_FULL && tag !== TAG_PARTIAL) return NO_HEADER;
  if (streamEnd + 2 < end && buf[streamEnd + 2] !== SPACE) return NO_HEADER;
  const from = Math.min(streamEnd + 3, end);
  if (buf[timeEnd + 4] !== STDERR_MARK) return from;
  return buf.compare(STDERR, 0, STREAM_BYTES, timeEnd + 1, streamEnd) === 0 ? ~from : from;
}

/** Whether the line whose content starts at `from` (as contentStart found it) is a `P` chunk. */
function isPartial(buf: Buffer, from: number): boolean {
  return buf[from - 2] === TAG_PARTIAL || buf[from - 1] === TAG_PARTIAL;
}

/**
 * Turns the lines of a container log in the CRI format into the lines the container wrote: strips
 * the header, skips stderr (Nginx writes its error log there), and joins the `P` chunks the runtime
 * split a long line into with the `F` chunk that ends it. A joined line longer than `maxLineBytes`
 * goes to the long-line sink with its first bytes, as the splitter does with a plain log. A line
 * without a CRI header is passed on whole, so the engine counts it as unreadable.
 */
export class CriLineDecoder {
  private readonly chunks: Buffer[] = [];
  private chunkBytes = 0;
  /** The joined line went past the limit: only its first bytes are kept. */
  private overflowPrefix: Buffer | undefined;
  private prefixCut = false;

  constructor(
    private readonly onLine: LineSink,
    private readonly onLongLine: LongLineSink,
    private readonly maxLineBytes: number,
  ) {}

  /** Bytes of a line whose `P` chunks have come but not yet its `F` chunk. */
  get pending(): number {
    return this.chunkBytes;
  }

  /** A complete line of the CRI log (the splitter's sink). */
  readonly line: LineSink = (buf, start, end, ascii) => {
    const found = contentStart(buf, start, end);
    if (found === NO_HEADER) {
      this.onLine(buf, start, end, ascii);
      return;
    }
    if (found < 0) return; // stderr
    if (isPartial(buf, found)) {
      this.keep(buf.subarray(found, end));
      return;
    }
    if (this.chunkBytes === 0) {
      // An empty line is skipped, as the plain log's splitter skips it.
      if (found < end) this.onLine(buf, found, end, ascii);
      return;
    }
    this.keep(buf.subarray(found, end));
    this.emitJoined();
  };

  /**
   * A CRI line longer than the splitter's limit. PodLogSource gives the splitter room for the
   * header above `maxLineBytes`, so its content is over the limit too.
   */
  readonly longLine: LongLineSink = (prefix, length) => {
    // The prefix may run past the line when the limit is below its size: only `length` bytes are the line's.
    const head = prefix.subarray(0, Math.min(prefix.length, length));
    const found = contentStart(head, 0, head.length);
    if (found === NO_HEADER) {
      this.onLongLine(head, length);
      return;
    }
    if (found < 0) return; // stderr
    const partial = isPartial(head, found);
    const content = head.subarray(found);
    const contentLength = length - found;
    if (this.chunkBytes === 0 && !partial) {
      this.onLongLine(content, contentLength);
      return;
    }
    this.keep(content, contentLength, content.length < contentLength);
    if (!partial) this.emitJoined();
  };

  /** Forgets an unfinished line (its file is gone: the rest will never come). */
  reset(): void {
    this.chunks.length = 0;
    this.chunkBytes = 0;
    this.overflowPrefix = undefined;
    this.prefixCut = false;
  }

  /** Adds a chunk; `truncated`: only its first bytes are here (the splitter skipped the rest). */
  private keep(content: Buffer, length = content.length, truncated = false): void {
    this.chunkBytes += length;
    if (this.overflowPrefix === undefined && !truncated && this.chunkBytes <= this.maxLineBytes) {
      this.chunks.push(Buffer.from(content));
      return;
    }
    if (this.overflowPrefix === undefined) {
      this.overflowPrefix = Buffer.from(
        Buffer.concat(this.chunks).subarray(0, LONG_LINE_PREFIX_BYTES),
      );
      this.chunks.length = 0;
    }
    // The prefix stays contiguous: nothing is added after a chunk that was cut.
    const room = LONG_LINE_PREFIX_BYTES - this.overflowPrefix.length;
    if (room > 0 && !this.prefixCut)
      this.overflowPrefix = Buffer.concat([this.overflowPrefix, content.subarray(0, room)]);
    if (truncated) this.prefixCut = true;
  }

  private emitJoined(): void {
    const length = this.chunkBytes;
    const overflow = this.overflowPrefix;
    const joined = overflow === undefined ? Buffer.concat(this.chunks) : undefined;
    this.reset();
    if (joined === undefined) this.onLongLine(overflow as Buffer, length);
    else this.onLine(joined, 0, joined.length, isAscii(joined));
  }
}
