import path from "node:path";
import type { Clock } from "../../core/clock";
import type { FileAccess, FollowPosition } from "./file-access";
import { LineSplitter, type LineSink, type LongLineSink } from "./line-splitter";

const HEAD_BYTES = 64;

/** Something the follower noticed, for the daemon's log. */
export interface FollowEvent {
  readonly kind: "opened" | "rotated" | "truncated" | "missing" | "closed-old";
  readonly path: string;
  readonly offset: number;
  readonly detail: string;
}

/** Follower settings. */
export interface FollowOptions {
  readonly startAt: "end" | "start";
  readonly maxLineBytes: number;
  /** How long a rotated-away file keeps being read (the writer may not have reopened yet). */
  readonly rotateGraceMs: number;
  readonly chunkBytes?: number;
  /** Bytes read per poll at most, so a huge backlog does not starve the event loop. */
  readonly maxBytesPerPoll?: number;
}

interface OpenFile {
  readonly path: string;
  readonly fd: number;
  readonly dev: number;
  readonly ino: number;
  readonly splitter: LineSplitter;
  pos: number;
  base: number;
  head: Buffer | undefined;
  closeAt: number;
}

/**
 * Follows a log file like `tail -F`, driven by `poll()`: reads what is new, survives rotation by
 * rename (draining the old file for a grace period) and by copytruncate, a file that does not exist
 * yet, deletion and re-creation, and resumes exactly at a saved position.
 */
export class LogFollower {
  private current: OpenFile | undefined;
  private readonly retired: OpenFile[] = [];
  private saved: FollowPosition | undefined;
  private everOpened = false;
  private firstLook = true;
  private reportedMissing = false;
  private readonly events: FollowEvent[] = [];
  private readonly headBuf = Buffer.alloc(HEAD_BYTES);

  constructor(
    private readonly fs: FileAccess,
    private readonly file: string,
    private readonly options: FollowOptions,
    private readonly onLine: LineSink,
    private readonly onLongLine: LongLineSink,
    private readonly clock: Clock,
    saved?: FollowPosition,
  ) {
    this.saved = saved !== undefined && saved.path === file ? saved : undefined;
  }

  /** Reads everything new; returns bytes read (a full budget means: poll again soon). */
  poll(): number {
    const budget = this.options.maxBytesPerPoll ?? Number.MAX_SAFE_INTEGER;
    if (this.current === undefined) this.openCurrent();
    const cur = this.current;
    if (cur !== undefined) this.checkIdentity(cur);
    let total = 0;
    for (const old of [...this.retired]) {
      total += this.drain(old, budget - total);
      if (this.clock.now() >= old.closeAt) this.retire(old);
    }
    if (this.current !== undefined) total += this.drain(this.current, budget - total);
    return total;
  }

  /** Events since the last call. */
  takeEvents(): FollowEvent[] {
    return this.events.splice(0);
  }

  /** Where to resume after a restart: just after the last complete line of the current file. */
  position(): FollowPosition | undefined {
    const cur = this.current;
    if (cur === undefined) return this.saved;
    return {
      path: this.file,
      dev: cur.dev,
      ino: cur.ino,
      offset: cur.base + cur.splitter.consumed,
      head: cur.head?.toString("hex") ?? "",
    };
  }

  /** Bytes of an unfinished last line waiting for its newline. */
  pendingBytes(): number {
    return this.current?.splitter.pending ?? 0;
  }

  /** Closes every open file (after handing out a drained rotated file's last partial line). */
  close(): void {
    for (const old of [...this.retired]) this.retire(old);
    if (this.current !== undefined) this.fs.close(this.current.fd);
    this.current = undefined;
  }

  private openCurrent(): void {
    const saved = this.saved;
    if (saved !== undefined && !this.everOpened) {
      this.everOpened = true;
      this.resume(saved);
      return;
    }
    const startAtEnd = this.firstLook && this.options.startAt === "end";
    this.firstLook = false;
    const opened = this.open(this.file, startAtEnd ? "end" : 0);
    if (opened === undefined) {
      if (!this.reportedMissing)
        this.note("missing", this.file, 0, "waiting for the file to appear");
      this.reportedMissing = true;
      return;
    }
    this.everOpened = true;
    this.reportedMissing = false;
    this.current = opened;
    this.note(
      "opened",
      this.file,
      opened.pos,
      startAtEnd ? "started at the end" : "reading from the start",
    );
  }

  private resume(saved: FollowPosition): void {
    const now = this.fs.stat(this.file);
    if (now !== undefined && now.dev === saved.dev && now.ino === saved.ino) {
      const file = this.open(this.file, 0);
      if (file === undefined) return;
      this.current = file;
      if (file.dev === saved.dev && file.ino === saved.ino && this.headMatches(file, saved)) {
        this.seek(file, saved.offset);
        this.note("opened", this.file, saved.offset, "resumed at the saved offset");
      } else {
        this.note("truncated", this.file, 0, "file shrank or was rewritten while stopped");
      }
      return;
    }
    const renamed = this.findRenamed(saved);
    if (renamed !== undefined) {
      const old = this.open(renamed, 0);
      if (
        old !== undefined &&
        old.dev === saved.dev &&
        old.ino === saved.ino &&
        this.headMatches(old, saved)
      ) {
        this.seek(old, saved.offset);
        old.closeAt = this.clock.now() + this.options.rotateGraceMs;
        this.retired.push(old);
        this.note(
          "rotated",
          renamed,
          saved.offset,
          "rotated while stopped: finishing the old file",
        );
      } else if (old !== undefined) {
        this.fs.close(old.fd);
      }
    }
    const file = this.open(this.file, 0);
    if (file !== undefined) {
      this.current = file;
      this.note("opened", this.file, 0, "new file since the saved offset");
    }
  }

  private findRenamed(saved: FollowPosition): string | undefined {
    const dir = path.dirname(this.file);
    for (const name of this.fs.list(dir)) {
      const candidate = path.join(dir, name);
      const st = this.fs.stat(candidate);
      if (st !== undefined && st.dev === saved.dev && st.ino === saved.ino) return candidate;
    }
    return undefined;
  }

  private checkIdentity(cur: OpenFile): void {
    const st = this.fs.stat(this.file);
    if (st === undefined) {
      if (!this.reportedMissing)
        this.note("missing", this.file, cur.pos, "file gone; still reading the open one");
      this.reportedMissing = true;
      return;
    }
    this.reportedMissing = false;
    if (st.dev !== cur.dev || st.ino !== cur.ino) {
      const next = this.open(this.file, 0);
      if (next === undefined) return;
      this.drain(cur, Number.MAX_SAFE_INTEGER);
      cur.closeAt = this.clock.now() + this.options.rotateGraceMs;
      this.retired.push(cur);
      this.current = next;
      this.note("rotated", this.file, 0, "new file at the path; draining the old one");
      return;
    }
    if (st.size < cur.pos || (cur.head !== undefined && !this.headStill(cur))) {
      const from = cur.pos;
      cur.splitter.reset();
      cur.pos = 0;
      cur.base = 0;
      cur.splitter.consumed = 0;
      cur.head = this.readHead(cur.fd);
      this.note(
        "truncated",
        this.file,
        from,
        "file truncated (copytruncate?): reading from the start",
      );
    } else if (cur.head === undefined) {
      cur.head = this.readHead(cur.fd);
    }
  }

  private drain(file: OpenFile, budget: number): number {
    let total = 0;
    const chunk = this.options.chunkBytes ?? 1 << 20;
    while (total < budget) {
      const space = file.splitter.space();
      const n = this.fs.read(
        file.fd,
        space.buf,
        space.offset,
        Math.min(space.length, chunk),
        file.pos,
      );
      if (n <= 0) break;
      file.pos += n;
      total += n;
      file.splitter.commit(n);
    }
    return total;
  }

  private retire(old: OpenFile): void {
    this.drain(old, Number.MAX_SAFE_INTEGER);
    old.splitter.flush();
    this.fs.close(old.fd);
    this.retired.splice(this.retired.indexOf(old), 1);
    this.note("closed-old", old.path, old.pos, "finished the rotated file");
  }

  private open(file: string, at: number | "end"): OpenFile | undefined {
    const fd = this.fs.open(file);
    if (fd === undefined) return undefined;
    const st = this.fs.fstat(fd);
    const opened: OpenFile = {
      path: file,
      fd,
      dev: st.dev,
      ino: st.ino,
      splitter: new LineSplitter(
        this.onLine,
        this.onLongLine,
        this.options.maxLineBytes,
        this.options.chunkBytes,
      ),
      pos: 0,
      base: 0,
      head: this.readHead(fd),
      closeAt: Number.POSITIVE_INFINITY,
    };
    if (at === "end") this.seek(opened, st.size);
    return opened;
  }

  /** Positions at `offset`; when that is inside a line, skips to the next one. */
  private seek(file: OpenFile, offset: number): void {
    file.pos = offset;
    file.base = offset;
    if (offset > 0) {
      const one = Buffer.alloc(1);
      if (this.fs.read(file.fd, one, 0, 1, offset - 1) === 1 && one[0] !== 10)
        file.splitter.skipLine();
    }
  }

  private readHead(fd: number): Buffer | undefined {
    const n = this.fs.read(fd, this.headBuf, 0, HEAD_BYTES, 0);
    return n === HEAD_BYTES ? Buffer.from(this.headBuf) : undefined;
  }

  private headStill(file: OpenFile): boolean {
    const n = this.fs.read(file.fd, this.headBuf, 0, HEAD_BYTES, 0);
    return n === HEAD_BYTES && this.headBuf.equals(file.head!);
  }

  private headMatches(file: OpenFile, saved: FollowPosition): boolean {
    const st = this.fs.fstat(file.fd);
    if (st.size < saved.offset) return false;
    if (saved.head === "") return true;
    return file.head !== undefined && file.head.toString("hex") === saved.head;
  }

  private note(kind: FollowEvent["kind"], file: string, offset: number, detail: string): void {
    this.events.push({ kind, path: file, offset, detail });
  }
}
