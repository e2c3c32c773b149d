import type { Clock } from "../../core/clock";
import type { ApplyResult, BanRemoval, Enforcer } from "./enforcer";

/** A ban waiting to be applied; its timeout is computed when the batch leaves. */
export interface PendingBan {
  readonly key: string;
  readonly family: 4 | 6;
  readonly untilMs: number | null;
  readonly except: readonly string[];
}

type Op =
  | { readonly kind: "add"; readonly ban: PendingBan }
  | { readonly kind: "del"; readonly removal: BanRemoval };

/** Counters of one queue (exported as metrics). */
export interface QueueStats {
  batches: number;
  added: number;
  removed: number;
  failed: number;
  lastBatchMs: number;
  lastBatchSize: number;
}

/**
 * Batches ban and unban operations for one backend: the last operation per key wins, one batch is
 * in flight at a time, and whatever arrives meanwhile leaves in the next batch. Enqueueing never
 * waits, so detection never waits for the kernel.
 */
export class EnforcementQueue {
  readonly stats: QueueStats = {
    batches: 0,
    added: 0,
    removed: 0,
    failed: 0,
    lastBatchMs: 0,
    lastBatchSize: 0,
  };
  private pending = new Map<string, Op>();
  private inFlight: Promise<void> | undefined;

  constructor(
    readonly enforcer: Enforcer,
    private readonly clock: Clock,
    private readonly onResult: (result: ApplyResult, ms: number) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Operations waiting for the next batch. */
  get depth(): number {
    return this.pending.size;
  }

  add(ban: PendingBan): void {
    this.pending.set(ban.key, { kind: "add", ban });
  }

  remove(removal: BanRemoval): void {
    this.pending.set(removal.key, { kind: "del", removal });
  }

  /** Starts a batch unless one is in flight (which starts the next one itself). */
  flush(): void {
    if (this.inFlight !== undefined || this.pending.size === 0) return;
    this.inFlight = this.run().finally(() => {
      this.inFlight = undefined;
      this.flush();
    });
  }

  /** Resolves when nothing is pending or in flight. */
  async drain(): Promise<void> {
    this.flush();
    while (this.inFlight !== undefined) {
      await this.inFlight;
      this.flush();
    }
  }

  private async run(): Promise<void> {
    const ops = [...this.pending.values()];
    this.pending = new Map();
    const now = this.clock.now();
    const add = [];
    const remove = [];
    for (const op of ops) {
      if (op.kind === "del") {
        remove.push(op.removal);
        continue;
      }
      const b = op.ban;
      const left = b.untilMs === null ? null : Math.ceil((b.untilMs - now) / 1000);
      if (left !== null && left <= 0) continue; // already over: its unban follows
      add.push({ key: b.key, family: b.family, timeoutSeconds: left, except: b.except });
    }
    if (add.length + remove.length === 0) return;
    const started = performance.now();
    try {
      const result = await this.enforcer.apply({ add, remove });
      const ms = performance.now() - started;
      this.stats.batches++;
      this.stats.added += result.added;
      this.stats.removed += result.removed;
      this.stats.failed += result.failed.length;
      this.stats.lastBatchMs = ms;
      this.stats.lastBatchSize = add.length + remove.length;
      this.onResult(result, ms);
    } catch (error) {
      this.stats.failed += add.length;
      this.onError(error as Error);
    }
  }
}
