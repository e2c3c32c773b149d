import type { Clock } from "../../core/clock";
import type { DetectorSettings } from "../../core/detector-settings";
import type { Decision } from "../decide/decision";
import { DetectorEngine } from "../engine/engine";
import type { FileAccess } from "../source/file-access";
import type { LineSource } from "../source/line-source";
import { openLineSource } from "../source/open-line-source";
import type { StateStore } from "../state/state-store";
import type { Output } from "../io/output";

const ROTATE_GRACE_MS = 2000;
const MAX_BYTES_PER_POLL = 8 << 20;
const DURABLE_EVERY_MS = 5000;
const BASELINE_EVERY_MS = 60_000;
/** After a wake-up, at most one poll per this interval (a flood writes thousands of lines a second). */
const WAKE_MIN_INTERVAL_MS = 20;

/** What the loop needs: the process's parts and the daemon's one state store. */
export interface EngineLoopDeps {
  readonly out: Output;
  /** The daemon's state store (prepared): the loop reads and writes bans, baseline and offset there. */
  readonly store: StateStore;
  readonly clock: Clock;
  readonly fs: FileAccess;
  readonly hostAddresses: readonly string[];
  /** Called with every decision after it is printed (enforcement, alerts, audit). */
  readonly onDecision?: (decision: Decision) => void;
  /** Called after every poll, before state is persisted (batch flushes). */
  readonly afterPoll?: () => void;
}

/**
 * The live loop: poll the log, feed the engine, print decisions, then persist — decisions first,
 * bans next, the read offset last, so a restart never skips a line and never re-reads one (after a
 * clean stop; after a crash at most the last poll's lines are read again, and bans are not repeated).
 */
export class EngineLoop {
  readonly engine: DetectorEngine;
  readonly store: StateStore;
  private readonly follower: LineSource;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private woken = false;
  private lastPollAt = 0;
  private lastOffset = -1;
  private lastDurableAt = 0;
  private lastBaselineAt = 0;
  private lastBanCount = 0;
  private lastBreaker = "null";

  constructor(
    private readonly settings: DetectorSettings,
    private readonly deps: EngineLoopDeps,
  ) {
    const { out } = deps;
    this.store = deps.store;
    const saved = this.store.load();
    for (const problem of saved.problems) out.log("warn", "state file unusable", { problem });
    const onDecision = deps.onDecision;
    this.engine = new DetectorEngine({
      settings,
      hostAddresses: deps.hostAddresses,
      clock: deps.clock,
      onDecision: (decision) => {
        out.json(decision);
        onDecision?.(decision);
      },
      onBadLine: (sample) => out.log("warn", "bad log line", { ...sample }),
    });
    const learned = this.engine.restore({
      baseline: saved.baseline,
      bans: saved.bans,
      breaker: saved.breaker,
    });
    this.lastBreaker = JSON.stringify(this.engine.breaker.save().trip);
    this.follower = openLineSource(
      settings,
      deps.fs,
      {
        startAt: settings.startAt,
        maxLineBytes: settings.badLines.maxLineBytes,
        rotateGraceMs: ROTATE_GRACE_MS,
        maxBytesPerPoll: MAX_BYTES_PER_POLL,
      },
      (buf, start, end, ascii) => this.engine.line(buf, start, end, ascii),
      (prefix, length) => this.engine.longLine(prefix, length),
      deps.clock,
      saved.position,
    );
    this.lastBaselineAt = deps.clock.now();
    out.log("info", "detector starting", {
      logPath: settings.logPath,
      logSource: settings.logSource,
      stateDir: settings.stateDir,
      savedOffset: saved.position?.offset ?? null,
      baselineRestored: learned,
      activeBans: this.engine.ledger.active,
      hostAddresses: deps.hostAddresses,
    });
  }

  /** Starts polling. */
  start(): void {
    this.loop();
  }

  /** One poll: read, decide, print, persist. Returns bytes read. */
  step(): number {
    const bytes = this.follower.poll();
    for (const event of this.follower.takeEvents())
      this.deps.out.log("info", `log ${event.kind}`, { ...event });
    this.engine.tick(this.deps.clock.now());
    this.deps.out.flush();
    this.deps.afterPoll?.();
    this.persist(false);
    return bytes;
  }

  /** Stops after a last poll and saves everything durably. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    try {
      this.step();
      this.persist(true);
    } catch (error) {
      // a full disk: the previous state files are intact, and the kernel keeps every ban
      this.deps.out.log("error", "state not saved at stop", { error: (error as Error).message });
    }
    this.follower.close();
    this.deps.out.log("info", "detector stopped", { ...this.engine.stats() });
    this.deps.out.flush();
  }

  /**
   * Polls soon instead of at the next `pollMs` (the daemon calls this when the log's directory
   * changes), so a ban follows the line that earned it within ~20 ms rather than up to `pollMs`.
   */
  wake(): void {
    if (this.stopped || this.woken || this.timer === undefined) return;
    this.woken = true;
    clearTimeout(this.timer);
    const wait = Math.max(0, this.lastPollAt + WAKE_MIN_INTERVAL_MS - this.deps.clock.now());
    this.timer = setTimeout(() => this.loop(), wait);
  }

  private loop(): void {
    if (this.stopped) return;
    this.woken = false;
    this.lastPollAt = this.deps.clock.now();
    let bytes = 0;
    try {
      bytes = this.step();
    } catch (error) {
      this.deps.out.log("error", "poll failed; retrying", { error: (error as Error).message });
    }
    this.timer = setTimeout(
      () => this.loop(),
      bytes >= MAX_BYTES_PER_POLL ? 0 : this.settings.pollMs,
    );
  }

  /** Saves the ban ledger and breaker now (after an operator lifted bans or reset the breaker). */
  saveBans(): void {
    this.store.saveBans(this.engine.ledger.save());
    this.store.saveBreaker(this.engine.breaker.save());
    this.lastBreaker = JSON.stringify(this.engine.breaker.save().trip);
  }

  private persist(final: boolean): void {
    const now = this.deps.clock.now();
    const stats = this.engine.stats();
    const banCount = stats.bans + stats.unbans;
    if (final || banCount !== this.lastBanCount) {
      this.store.saveBans(this.engine.ledger.save());
      this.lastBanCount = banCount;
    }
    const breaker = JSON.stringify(this.engine.breaker.save().trip);
    if (final || breaker !== this.lastBreaker) {
      this.store.saveBreaker(this.engine.breaker.save());
      this.lastBreaker = breaker;
    }
    if (final || now - this.lastBaselineAt >= BASELINE_EVERY_MS) {
      this.store.saveBaseline(this.engine.saveBaseline());
      this.lastBaselineAt = now;
    }
    const position = this.follower.position();
    const durable = final || now - this.lastDurableAt >= DURABLE_EVERY_MS;
    if (position !== undefined && (position.offset !== this.lastOffset || (durable && final))) {
      this.store.savePosition(position, durable);
      this.lastOffset = position.offset;
      if (durable) this.lastDurableAt = now;
    }
  }
}
