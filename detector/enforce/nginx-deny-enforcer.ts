import fs from "node:fs";
import path from "node:path";
import type { Clock } from "../../core/clock";
import { writeFileAtomic } from "../../core/atomic-file";
import { describeFailure, type CommandRunner } from "./command-runner";
import type {
  ApplyResult,
  EnforcedBan,
  EnforcementBatch,
  Enforcer,
  SetFill,
  SetupReport,
} from "./enforcer";
import { parseDenyFile, renderDenyFile, type DenyEntry } from "./nginx-deny-file";

/** Where the deny list lives and how Nginx is told to read it again. */
export interface NginxDenyOptions {
  readonly path: string;
  readonly reloadCommand: readonly string[];
  readonly minReloadIntervalMs: number;
  readonly capacity: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Bans enforced by Nginx itself: for clients that reach Nginx through a trusted proxy, whose
 * packets the kernel sees coming from the proxy. Each change rewrites the file atomically and runs
 * the reload command (at most once per `minReloadIntervalMs`). Expiry is the daemon's job: the
 * file carries each ban's end as a comment so a restart can reconcile it.
 */
export class NginxDenyEnforcer implements Enforcer {
  readonly backend = "nginx-deny" as const;
  private entries = new Map<string, DenyEntry>();
  private lastReloadMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly options: NginxDenyOptions,
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
  ) {}

  private load(): void {
    try {
      this.entries = parseDenyFile(fs.readFileSync(this.options.path, "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      this.entries = new Map();
    }
  }

  private dropExpired(): void {
    const now = this.clock.now();
    for (const [key, e] of this.entries)
      if (e.untilMs !== null && e.untilMs <= now) this.entries.delete(key);
  }

  private async write(): Promise<void> {
    this.dropExpired();
    fs.mkdirSync(path.dirname(this.options.path), { recursive: true });
    writeFileAtomic(this.options.path, renderDenyFile(this.entries), { mode: 0o644 });
    if (this.options.reloadCommand.length === 0) return;
    const wait = this.lastReloadMs + this.options.minReloadIntervalMs - this.clock.now();
    if (wait > 0) await sleep(wait);
    this.lastReloadMs = this.clock.now();
    const r = await this.runner.run(this.options.reloadCommand);
    if (r.code !== 0) throw new Error(describeFailure(this.options.reloadCommand, r));
  }

  async setup(): Promise<SetupReport> {
    this.load();
    await this.write();
    return { sets: [this.options.path], rules: [], warnings: [] };
  }

  async apply(batch: EnforcementBatch): Promise<ApplyResult> {
    for (const r of batch.remove) this.entries.delete(r.key);
    const now = this.clock.now();
    const failed: { key: string; error: string }[] = [];
    for (const a of batch.add) {
      if (this.entries.size >= this.options.capacity && !this.entries.has(a.key)) {
        failed.push({ key: a.key, error: `deny list is full (${this.options.capacity} entries)` });
        continue;
      }
      const untilMs = a.timeoutSeconds === null ? null : now + a.timeoutSeconds * 1000;
      this.entries.set(a.key, { family: a.family, untilMs, except: a.except });
    }
    await this.write();
    return { added: batch.add.length - failed.length, removed: batch.remove.length, failed };
  }

  list(): Promise<EnforcedBan[]> {
    this.dropExpired();
    const now = this.clock.now();
    return Promise.resolve(
      [...this.entries].map(([key, e]) => ({
        key,
        family: e.family,
        timeoutSeconds: e.untilMs === null ? null : Math.ceil((e.untilMs - now) / 1000),
      })),
    );
  }

  fill(): Promise<SetFill[]> {
    return Promise.resolve([
      { name: this.options.path, entries: this.entries.size, capacity: this.options.capacity },
    ]);
  }

  verify(): Promise<string[]> {
    return Promise.resolve(
      fs.existsSync(this.options.path) ? [] : [`deny list ${this.options.path} is missing`],
    );
  }

  /** Empties the list (the file stays: Nginx's include must keep finding it) and reloads Nginx. */
  async teardown(): Promise<SetupReport> {
    this.entries.clear();
    if (!fs.existsSync(this.options.path)) return { sets: [], rules: [], warnings: [] };
    await this.write();
    return { sets: [this.options.path], rules: [], warnings: [] };
  }
}
