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
const RESTART_LOG = /^(\d+)\.log$/;

/** One followed pod log and the decoder of its CRI lines. */
interface FollowedPodLog {
  readonly follower: LogFollower;
  readonly decoder: CriLineDecoder;
}

/**
 * The current log of every pod whose folder matches the pattern: per pod, the container's log with
 * the highest restart number (`<restarts>.log`; the kubelet renames rotated ones `N.log.<time>`).
 */
export function currentPodLogs(fs: FileAccess, pattern: PodLogPattern): string[] {
  const found: string[] = [];
  for (const pod of fs.list(pattern.dir).sort()) {
    if (!pod.startsWith(pattern.podFolderPrefix)) continue;
    const containerDir = path.join(pattern.dir, pod, pattern.container);
    let newest = -1;
    for (const name of fs.list(containerDir)) {
      const restarts = RESTART_LOG.exec(name);
      if (restarts !== null) newest = Math.max(newest, Number(restarts[1]));
    }
    if (newest >= 0) found.push(path.join(containerDir, `${newest}.log`));
  }
  return found;
}

/**
 * Nginx's access log on a Kubernetes node: the kubelet's CRI logs of every proxy pod there. Each
 * pod's current log is followed like a file (kubelet rotation is a rename), a pod that appears or a
 * container that restarts is read from its first line, a log that stops being current is read to
 * its end and closed, and the CRI framing is taken off before the engine sees a line.
 */
export class PodLogSource implements LineSource {
  private readonly logs = new Map<string, FollowedPodLog>();
  private readonly events: FollowEvent[] = [];
  /** The log found last: the one whose position is saved. */
  private newest: string | undefined;
  private lookedAt = Number.NEGATIVE_INFINITY;
  private firstLook = true;
  private reportedNone = false;

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
    for (const log of this.logs.values()) total += log.follower.poll();
    return total;
  }

  takeEvents(): FollowEvent[] {
    for (const log of this.logs.values()) this.events.push(...log.follower.takeEvents());
    return this.events.splice(0);
  }

  position(): FollowPosition | undefined {
    const newest = this.newest === undefined ? undefined : this.logs.get(this.newest);
    return newest?.follower.position() ?? this.saved;
  }

  close(): void {
    for (const file of [...this.logs.keys()]) this.end(file, false);
  }

  private look(): void {
    this.lookedAt = this.clock.now();
    const current = currentPodLogs(this.fs, this.pattern);
    for (const file of [...this.logs.keys()]) if (!current.includes(file)) this.end(file, true);
    for (const file of current) if (!this.logs.has(file)) this.add(file);
    if (current.length === 0 && !this.reportedNone)
      this.note("missing", this.pattern.dir, "no proxy pod's log on this node yet; waiting");
    this.reportedNone = current.length === 0;
    this.firstLook = false;
  }

  private add(file: string): void {
    const decoder = new CriLineDecoder(this.onLine, this.onLongLine, this.options.maxLineBytes);
    // Logs there at start begin where the settings say; a log that appears later is new: all of it.
    const startAt = this.firstLook ? this.options.startAt : "start";
    const follower = new LogFollower(
      this.fs,
      file,
      { ...this.options, startAt },
      decoder.line,
      decoder.longLine,
      this.clock,
      this.saved,
    );
    this.logs.set(file, { follower, decoder });
    this.newest = file;
    this.note("found", file, this.firstLook ? `pod log (start at ${startAt})` : "new pod log");
  }

  /** Stops following `file`: read to its end first when it is merely no longer current. */
  private end(file: string, drain: boolean): void {
    const log = this.logs.get(file);
    if (log === undefined) return;
    if (drain) log.follower.poll();
    this.events.push(...log.follower.takeEvents());
    log.follower.close();
    log.decoder.reset();
    this.logs.delete(file);
    if (this.newest === file) this.newest = [...this.logs.keys()].at(-1);
    if (drain) this.note("ended", file, "no longer a current pod log: read to its end");
  }

  private note(kind: FollowEvent["kind"], file: string, detail: string): void {
    this.events.push({ kind, path: file, offset: 0, detail });
  }
}
