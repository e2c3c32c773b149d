import type { Clock } from "../../core/clock";
import type { DetectorSettings } from "../../core/detector-settings";
import { AlertDigest } from "./alert-digest";
import { isLowPriority, slackPayload, type AlertItem } from "./alert-item";
import type { Sender } from "./webhook-sender";

/** Counters exported as metrics. */
export interface AlertStats {
  enqueued: number;
  sent: number;
  /** Gave up after the retries (or a non-retryable answer). */
  failed: number;
  /** Refused because the queue was full. */
  dropped: number;
  /** Folded into a digest during a flood. */
  coalesced: number;
  retries: number;
}

/** What happened to a message (for the log and the audit log). */
export interface AlertOutcome {
  readonly item: AlertItem;
  readonly delivered: boolean;
  readonly attempts: number;
  readonly status?: number;
  readonly error?: string;
}

/**
 * Alerts that never block detection: `push` returns at once; one sender works through a bounded
 * queue with a timeout per attempt and retries with exponential backoff (or Retry-After). During a
 * flood, ban/unban messages beyond `coalesce.maxMessages` per window become one digest. When the
 * queue is full the least important message is dropped and counted.
 */
export class AlertQueue {
  readonly stats: AlertStats = {
    enqueued: 0,
    sent: 0,
    failed: 0,
    dropped: 0,
    coalesced: 0,
    retries: 0,
  };
  private readonly queue: AlertItem[] = [];
  private digest = new AlertDigest();
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowCount = 0;
  private pumping: Promise<void> | undefined;

  constructor(
    private readonly s: DetectorSettings["alerts"],
    private readonly sender: Sender,
    private readonly clock: Clock,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly onOutcome: (outcome: AlertOutcome) => void = () => undefined,
  ) {}

  /** Messages waiting. */
  get depth(): number {
    return this.queue.length;
  }

  /** Queues a message (coalescing bans and unbans during floods); never waits. */
  push(item: AlertItem): void {
    if (item.category === "ban" || item.category === "unban") {
      const now = this.clock.now();
      if (now - this.windowStart >= this.s.coalesce.windowSeconds * 1000) {
        this.flushDigest();
        this.windowStart = now;
        this.windowCount = 0;
      }
      if (this.windowCount >= this.s.coalesce.maxMessages) {
        this.digest.add(item);
        this.stats.coalesced++;
        return;
      }
      this.windowCount++;
    }
    this.enqueue(item);
  }

  /** Sends the digest once its window is over (call every second or so). */
  tick(): void {
    if (this.clock.now() - this.windowStart >= this.s.coalesce.windowSeconds * 1000)
      this.flushDigest();
  }

  /** Sends what is left (digest included), waiting at most `limitMs`. */
  async drain(limitMs: number): Promise<void> {
    this.flushDigest();
    const pump = this.pumping;
    if (pump === undefined) return;
    await Promise.race([pump, this.sleep(limitMs)]);
  }

  private flushDigest(): void {
    if (this.digest.size === 0) return;
    const message = this.digest.message(this.s.coalesce.windowSeconds);
    this.digest = new AlertDigest();
    this.enqueue(message);
  }

  private enqueue(item: AlertItem): void {
    if (this.queue.length >= this.s.queueSize) {
      const victim = isLowPriority(item) ? -1 : this.queue.findIndex(isLowPriority);
      this.stats.dropped++;
      if (victim < 0) return;
      this.queue.splice(victim, 1);
    }
    this.queue.push(item);
    this.stats.enqueued++;
    this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
  }

  private async pump(): Promise<void> {
    for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift())
      await this.deliver(item);
  }

  private async deliver(item: AlertItem): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const r = await this.sender(slackPayload(item.text));
      if (r.ok) {
        this.stats.sent++;
        this.onOutcome({
          item,
          delivered: true,
          attempts: attempt,
          ...(r.status === undefined ? {} : { status: r.status }),
        });
        return;
      }
      if (!r.retryable || attempt > this.s.retries) {
        this.stats.failed++;
        this.onOutcome({
          item,
          delivered: false,
          attempts: attempt,
          ...(r.status === undefined ? {} : { status: r.status }),
          ...(r.error === undefined ? {} : { error: r.error }),
        });
        return;
      }
      this.stats.retries++;
      const backoff = Math.min(this.s.backoffMs * 2 ** (attempt - 1), this.s.maxBackoffMs);
      await this.sleep(r.retryAfterMs ?? backoff);
    }
  }
}
