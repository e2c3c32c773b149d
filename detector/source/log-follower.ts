import path from "node:path";
import type { Clock } from "../../core/clock";
import type { FileAccess, FollowPosition } from "./file-access";
import { FollowedFile } from "./followed-file";
import type { LineSink, LongLineSink } from "./line-splitter";
import type { FollowEvent, LineSource } from "./line-source";

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

/**
 * Follows a log file like `tail -F`, driven by `poll()`: reads what is new, survives rotation by
 * rename (draining the old file for a grace period) and by copytruncate, a file that does not exist
 * yet, deletion and re-creation, and resumes exactly at a saved position.
 */
export class LogFollower implements LineSource {
  private current: FollowedFile | undefined;
  private readonly retired: FollowedFile[] = [];
  private readonly saved: FollowPosition | undefined;
  private everOpened = false;
  private firstLook = true;
  private reportedMissing = false;
  private readonly events: FollowEvent[] = [];

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
    if (this.current !== undefined) this.checkIdentity(this.current);
    let total = 0;
    for (const old of [...this.retired]) {
      total += old.drain(budget - total);
      if (this.clock.now() >= old.closeAt) this.retire(old);
    }
    if (this.current !== undefined) total += this.current.drain(budget - total);
    return total;
  }

  /** Events since the last call. */
  takeEvents(): FollowEvent[] {
    return this.events.splice(0);
  }

  /** Where to resume after a restart: just after the last complete line of the current file. */
  position(): FollowPosition | undefined {
    return this.current === undefined ? this.saved : this.current.save(this.file);
  }

  /** Bytes of an unfinished last line waiting for its newline. */
  pendingBytes(): number {
    return this.current?.pending ?? 0;
  }

  /** Closes every open file (after handing out a drained rotated file's last partial line). */
  close(): void {
    for (const old of [...this.retired]) this.retire(old);
    this.current?.close();
    this.current = undefined;
  }

  private openCurrent(): void {
    if (this.saved !== undefined && !this.everOpened) {
      this.everOpened = true;
      this.resume(this.saved);
      return;
    }
    const startAtEnd = this.firstLook && this.options.startAt === "end";
    this.firstLook = false;
    const opened = this.open(this.file);
    if (opened === undefined) {
      if (!this.reportedMissing)
        this.note("missing", this.file, 0, "waiting for the file to appear");
      this.reportedMissing = true;
      return;
    }
    if (startAtEnd) opened.seek(opened.size());
    this.everOpened = true;
    this.reportedMissing = false;
    this.current = opened;
    this.note(
      "opened",
      this.file,
      opened.position,
      startAtEnd ? "started at the end" : "reading from the start",
    );
  }

  private resume(saved: FollowPosition): void {
    const now = this.fs.stat(this.file);
    if (now !== undefined && now.dev === saved.dev && now.ino === saved.ino) {
      const file = this.open(this.file);
      if (file === undefined) return;
      this.current = file;
      if (file.continues(saved)) {
        file.seek(saved.offset);
        this.note("opened", this.file, saved.offset, "resumed at the saved offset");
      } else {
        this.note("truncated", this.file, 0, "file shrank or was rewritten while stopped");
      }
      return;
    }
    const renamed = this.findRenamed(saved);
    const old = renamed === undefined ? undefined : this.open(renamed);
    if (old !== undefined && old.continues(saved)) {
      old.seek(saved.offset);
      old.closeAt = this.clock.now() + this.options.rotateGraceMs;
      this.retired.push(old);
      this.note("rotated", old.path, saved.offset, "rotated while stopped: finishing the old file");
    } else {
      old?.close();
    }
    const file = this.open(this.file);
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

  private checkIdentity(cur: FollowedFile): void {
    const st = this.fs.stat(this.file);
    if (st === undefined) {
      if (!this.reportedMissing)
        this.note("missing", this.file, cur.position, "file gone; still reading the open one");
      this.reportedMissing = true;
      return;
    }
    this.reportedMissing = false;
    if (st.dev !== cur.dev || st.ino !== cur.ino) {
      const next = this.open(this.file);
      if (next === undefined) return;
      cur.drain(Number.MAX_SAFE_INTEGER);
      cur.closeAt = this.clock.now() + this.options.rotateGraceMs;
      this.retired.push(cur);
      this.current = next;
      this.note("rotated", this.file, 0, "new file at the path; draining the old one");
      return;
    }
    if (cur.wasTruncated(st.size)) {
      const from = cur.position;
      cur.restart();
      this.note(
        "truncated",
        this.file,
        from,
        "file truncated (copytruncate?): reading from the start",
      );
    }
  }

  private retire(old: FollowedFile): void {
    old.finish();
    this.retired.splice(this.retired.indexOf(old), 1);
    this.note("closed-old", old.path, old.position, "finished the rotated file");
  }

  private open(file: string): FollowedFile | undefined {
    return FollowedFile.open(this.fs, file, this.options, this.onLine, this.onLongLine);
  }

  private note(kind: FollowEvent["kind"], file: string, offset: number, detail: string): void {
    this.events.push({ kind, path: file, offset, detail });
  }
}
