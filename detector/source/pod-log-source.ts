import path from "node:path";
import type { Clock } from "../../core/clock";
import type { PodLogPattern } from "../../core/pod-log-pattern";
import { CriLineDecoder } from "./cri-lines";
import type { FileAccess, FollowPosition } from "./file-access";
import type { LineSink, LongLineSink } from "./line-splitter";
import type { FollowEvent, LineSource } from "./line-source";
import { LogFollower, type FollowOptions } from "./log-follower";

/** How often the pod-log folder is listed for new pods and restarted containers. */
const LOOK_EVERY_MS = 200;
/** Room for the CRI header (`<time> stdout F `, ~40 bytes) above the content's line limit. */
export const CRI_HEADER_BYTES = 64;
const RESTART_LOG = /^(\d+)\.log$/;

/** A wanted pod's container-log folder and its highest restart number (-1: no log yet). */
interface PodLogFolder {
  readonly dir: string;
  readonly newest: number;
}

/** One followed pod log and the decoder of its CRI lines. */
interface FollowedPodLog {
  readonly file: string;
  readonly dir: string;
  readonly restarts: number;
  readonly follower: LogFollower;
  readonly decoder: CriLineDecoder;
}

/** Every pod folder matching the pattern, with its container's highest `<restarts>.log`. */
export function podLogFolders(fs: FileAccess, pattern: PodLogPattern): PodLogFolder[] {
  const found: PodLogFolder[] = [];
  for (const pod of fs.list(pattern.dir).sort()) {
    if (!pod.startsWith(pattern.podFolderPrefix)) continue;
    const dir = path.join(pattern.dir, pod, pattern.container);
    let newest = -1;
    for (const name of fs.list(dir)) {
      const restarts = RESTART_LOG.exec(name);
      if (restarts !== null) newest = Math.max(newest, Number(restarts[1]));
    }
    found.push({ dir, newest });
  }
  return found;
}

/** The restart number of a `<restarts>.log` path, or -1. */
function restartsOf(file: string): number {
  const match = RESTART_LOG.exec(path.basename(file));
  return match === null ? -1 : Number(match[1]);
}

/**
 * Nginx's access log on a Kubernetes node: the kubelet's CRI logs of every proxy pod there. Each
 * pod's current log (its highest `<restarts>.log`) is followed like a file: the kubelet rotates by
 * renaming it, and a moment with no `N.log` at all is that rotation, not the pod's end. A pod that
 * appears, or a container that restarts, is read from its first line; the log it replaces, or that
 * of a pod whose folder is gone, is read to its end, then closed. The CRI framing is taken off
 * before the engine sees a line. The saved position is that of the log found last; at start, a
 * saved log its container has moved on from is finished from the saved offset.
 */
export class PodLogSource implements LineSource {
  private readonly logs = new Map<string, FollowedPodLog>();
  private readonly retiring: FollowedPodLog[] = [];
  private readonly events: FollowEvent[] = [];
  /** The log found last: the one whose position is saved. */
  private newest: string | undefined;
  private lookedAt = Number.NEGATIVE_INFINITY;
  private firstLook = true;
  private reportedNone = false;
  private savedUsed = false;

  constructor(
    private readonly fs: FileAccess,
    private readonly pattern: PodLogPattern,
    private readonly options: FollowOptions,
    private readonly onLine: LineSink,
    private readonly onLongLine: LongLineSink,
    private readonly clock: Clock,
    private readonly saved?: FollowPosition,
  ) {}

  poll(): number {
    if (this.clock.now() - this.lookedAt >= LOOK_EVERY_MS) this.look();
    let total = 0;
    for (const log of [...this.retiring]) {
      const read = log.follower.poll();
      total += read;
      if (read === 0) this.stop(log, "no longer a current pod log: read to its end");
    }
    for (const log of this.logs.values()) total += log.follower.poll();
    return total;
  }

  takeEvents(): FollowEvent[] {
    for (const log of [...this.logs.values(), ...this.retiring])
      this.events.push(...log.follower.takeEvents());
    return this.events.splice(0);
  }

  position(): FollowPosition | undefined {
    const newest = this.newest === undefined ? undefined : this.logs.get(this.newest);
    return newest?.follower.position() ?? this.saved;
  }

  close(): void {
    for (const log of [...this.retiring]) this.stop(log);
    for (const log of [...this.logs.values()]) this.stop(log);
    this.logs.clear();
  }

  private look(): void {
    this.lookedAt = this.clock.now();
    const folders = podLogFolders(this.fs, this.pattern);
    const newestIn = new Map(folders.map((f) => [f.dir, f.newest]));
    for (const [file, log] of this.logs) {
      const newest = newestIn.get(log.dir);
      if (newest === undefined || newest > log.restarts) {
        this.logs.delete(file);
        this.retiring.push(log);
        if (this.newest === file) this.newest = [...this.logs.keys()].at(-1);
      }
    }
    if (this.firstLook) this.finishSavedLog(newestIn);
    for (const { dir, newest } of folders) {
      const file = path.join(dir, `${newest}.log`);
      if (newest >= 0 && !this.logs.has(file)) this.add(dir, newest, file);
    }
    const none = this.logs.size === 0;
    if (none && !this.reportedNone)
      this.note("missing", this.pattern.dir, "no proxy pod's log on this node yet; waiting");
    this.reportedNone = none;
    this.firstLook = false;
  }

  /** At start: a saved log its container has moved on from is finished from the saved offset. */
  private finishSavedLog(newestIn: ReadonlyMap<string, number>): void {
    const saved = this.saved;
    if (saved === undefined) return;
    const dir = path.dirname(saved.path);
    const restarts = restartsOf(saved.path);
    const newest = newestIn.get(dir);
    if (restarts < 0 || newest === undefined || newest <= restarts) return;
    this.savedUsed = true;
    const log = this.follow(dir, restarts, saved.path, "start", saved);
    this.retiring.push(log);
    this.note("found", saved.path, "a log of the saved position: reading it to its end");
  }

  private add(dir: string, restarts: number, file: string): void {
    const useSaved = !this.savedUsed && this.saved?.path === file;
    if (useSaved) this.savedUsed = true;
    const savedDir = this.saved === undefined ? undefined : path.dirname(this.saved.path);
    // At start, logs begin where the settings say, except a log newer than the saved one in its
    // folder (its container restarted while the daemon was down): all of it, as any later log.
    const restartedWhileDown = this.firstLook && this.savedUsed && savedDir === dir && !useSaved;
    const startAt = this.firstLook && !restartedWhileDown ? this.options.startAt : "start";
    const log = this.follow(dir, restarts, file, startAt, useSaved ? this.saved : undefined);
    this.logs.set(file, log);
    this.newest = file;
    this.note("found", file, this.firstLook ? `pod log (start at ${startAt})` : "new pod log");
  }

  private follow(
    dir: string,
    restarts: number,
    file: string,
    startAt: FollowOptions["startAt"],
    saved: FollowPosition | undefined,
  ): FollowedPodLog {
    const decoder = new CriLineDecoder(this.onLine, this.onLongLine, this.options.maxLineBytes);
    const follower = new LogFollower(
      this.fs,
      file,
      { ...this.options, startAt, maxLineBytes: this.options.maxLineBytes + CRI_HEADER_BYTES },
      decoder.line,
      decoder.longLine,
      this.clock,
      saved,
    );
    return { file, dir, restarts, follower, decoder };
  }

  /** Stops following `log` (already read to its end, or the source closes). */
  private stop(log: FollowedPodLog, ended?: string): void {
    const at = this.retiring.indexOf(log);
    if (at >= 0) this.retiring.splice(at, 1);
    log.follower.close();
    this.events.push(...log.follower.takeEvents());
    log.decoder.reset();
    if (ended !== undefined) this.note("ended", log.file, ended);
  }

  private note(kind: FollowEvent["kind"], file: string, detail: string): void {
    this.events.push({ kind, path: file, offset: 0, detail });
  }
}
