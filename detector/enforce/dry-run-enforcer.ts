import type { Clock } from "../../core/clock";
import type {
  ApplyResult,
  EnforcedBan,
  EnforcementBatch,
  Enforcer,
  SetFill,
  SetupReport,
} from "./enforcer";

/** What the dry-run backend reports instead of running a command. */
export interface DryRunEvent {
  readonly action: "setup" | "ban" | "unban" | "teardown";
  readonly key?: string;
  readonly timeoutSeconds?: number | null;
  readonly except?: readonly string[];
}

/**
 * The twin of the kernel backends: keeps the bans in memory (with their timeouts on `clock`) and
 * logs what it would have done. `dryRun: true` and the tests use it; it never touches the host.
 */
export class DryRunEnforcer implements Enforcer {
  readonly backend = "dry-run" as const;
  private readonly bans = new Map<string, { family: 4 | 6; untilMs: number | null }>();

  constructor(
    private readonly clock: Clock,
    private readonly log: (event: DryRunEvent) => void,
    private readonly capacity = 1_048_576,
  ) {}

  setup(): Promise<SetupReport> {
    this.log({ action: "setup" });
    return Promise.resolve({ sets: ["dry-run"], rules: [], warnings: [] });
  }

  apply(batch: EnforcementBatch): Promise<ApplyResult> {
    for (const r of batch.remove) {
      this.bans.delete(r.key);
      this.log({ action: "unban", key: r.key });
    }
    for (const a of batch.add) {
      const untilMs = a.timeoutSeconds === null ? null : this.clock.now() + a.timeoutSeconds * 1000;
      this.bans.set(a.key, { family: a.family, untilMs });
      this.log({ action: "ban", key: a.key, timeoutSeconds: a.timeoutSeconds, except: a.except });
    }
    return Promise.resolve({ added: batch.add.length, removed: batch.remove.length, failed: [] });
  }

  list(): Promise<EnforcedBan[]> {
    const now = this.clock.now();
    const out: EnforcedBan[] = [];
    for (const [key, b] of this.bans) {
      if (b.untilMs !== null && b.untilMs <= now) {
        this.bans.delete(key);
        continue;
      }
      const timeoutSeconds = b.untilMs === null ? null : Math.ceil((b.untilMs - now) / 1000);
      out.push({ key, family: b.family, timeoutSeconds });
    }
    return Promise.resolve(out);
  }

  async fill(): Promise<SetFill[]> {
    return [{ name: "dry-run", entries: (await this.list()).length, capacity: this.capacity }];
  }

  verify(): Promise<string[]> {
    return Promise.resolve([]);
  }

  teardown(): Promise<SetupReport> {
    this.bans.clear();
    this.log({ action: "teardown" });
    return Promise.resolve({ sets: ["dry-run"], rules: [], warnings: [] });
  }
}
