import type { FileAccess, FollowPosition } from "./file-access";
import { LineSplitter, type LineSink, type LongLineSink } from "./line-splitter";

const HEAD_BYTES = 64;

/** How a followed file is read. */
export interface ReadOptions {
  readonly maxLineBytes: number;
  readonly chunkBytes?: number;
}

/**
 * One open log file: its identity, read position and line splitter, and the fingerprint of its
 * first 64 bytes (a truncate-and-rewrite changes it even when the size keeps growing).
 */
export class FollowedFile {
  private readonly splitter: LineSplitter;
  private pos = 0;
  private base = 0;
  private head: Buffer | undefined;
  /** Clock time after which a rotated-away file is closed. */
  closeAt = Number.POSITIVE_INFINITY;

  private constructor(
    private readonly fs: FileAccess,
    readonly path: string,
    private readonly fd: number,
    readonly dev: number,
    readonly ino: number,
    private readonly options: ReadOptions,
    onLine: LineSink,
    onLongLine: LongLineSink,
  ) {
    this.splitter = new LineSplitter(onLine, onLongLine, options.maxLineBytes, options.chunkBytes);
    this.head = this.readHead();
  }

  /** Opens `path` (undefined when it does not exist); its identity is that of what was opened. */
  static open(
    fs: FileAccess,
    path: string,
    options: ReadOptions,
    onLine: LineSink,
    onLongLine: LongLineSink,
  ): FollowedFile | undefined {
    const fd = fs.open(path);
    if (fd === undefined) return undefined;
    const st = fs.fstat(fd);
    return new FollowedFile(fs, path, fd, st.dev, st.ino, options, onLine, onLongLine);
  }

  /** Current size of the open file. */
  size(): number {
    return this.fs.fstat(this.fd).size;
  }

  /** Read position (bytes of the file handed to the splitter). */
  get position(): number {
    return this.pos;
  }

  /** Offset just after the last complete line handed out. */
  get consumedOffset(): number {
    return this.base + this.splitter.consumed;
  }

  /** Bytes of an unfinished last line. */
  get pending(): number {
    return this.splitter.pending;
  }

  /** Positions at `offset`; when that is inside a line, skips to the next one. */
  seek(offset: number): void {
    this.pos = offset;
    this.base = offset;
    this.splitter.consumed = 0;
    if (offset > 0) {
      const one = Buffer.alloc(1);
      if (this.fs.read(this.fd, one, 0, 1, offset - 1) === 1 && one[0] !== 10)
        this.splitter.skipLine();
    }
  }

  /** Starts over from byte 0 (the file was truncated under us). */
  restart(): void {
    this.splitter.reset();
    this.seek(0);
    this.head = this.readHead();
  }

  /** Reads what is new, at most `budget` bytes; returns bytes read. */
  drain(budget: number): number {
    let total = 0;
    const chunk = this.options.chunkBytes ?? 1 << 20;
    while (total < budget) {
      const space = this.splitter.space();
      const n = this.fs.read(
        this.fd,
        space.buf,
        space.offset,
        Math.min(space.length, chunk),
        this.pos,
      );
      if (n <= 0) break;
      this.pos += n;
      total += n;
      this.splitter.commit(n);
    }
    return total;
  }

  /** True when the file shrank below the read position or its first bytes changed. */
  wasTruncated(size: number): boolean {
    if (size < this.pos) return true;
    if (this.head === undefined) {
      this.head = this.readHead();
      return false;
    }
    const now = this.readHead();
    return now === undefined || !now.equals(this.head);
  }

  /** True when this is the file a saved position describes, and it still holds that offset. */
  continues(saved: FollowPosition): boolean {
    if (this.dev !== saved.dev || this.ino !== saved.ino || this.size() < saved.offset)
      return false;
    return saved.head === "" || this.head?.toString("hex") === saved.head;
  }

  /** The position to save. */
  save(path: string): FollowPosition {
    return {
      path,
      dev: this.dev,
      ino: this.ino,
      offset: this.consumedOffset,
      head: this.head?.toString("hex") ?? "",
    };
  }

  /** Reads to the end, hands out an unfinished last line, closes. */
  finish(): void {
    this.drain(Number.MAX_SAFE_INTEGER);
    this.splitter.flush();
    this.fs.close(this.fd);
  }

  /** Closes without reading further. */
  close(): void {
    this.fs.close(this.fd);
  }

  private readHead(): Buffer | undefined {
    const buf = Buffer.alloc(HEAD_BYTES);
    return this.fs.read(this.fd, buf, 0, HEAD_BYTES, 0) === HEAD_BYTES ? buf : undefined;
  }
}
