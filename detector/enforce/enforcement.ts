import type { Clock } from "../../core/clock";
import type { BanDecision } from "../decide/decision";
import { routeBan, type BanRoute } from "./ban-route";
import type { Enforcers } from "./create-enforcers";
import type { ApplyResult, Enforcer, SetFill, SetupReport } from "./enforcer";
import { EnforcementQueue } from "./enforcement-queue";
import { reconcile, type WantedBan } from "./reconcile";

/** What enforcement reports to the service (log, metrics, alerts). */
export interface EnforcementEvents {
  applied(backend: string, result: ApplyResult, ms: number): void;
  failed(backend: string, error: Error): void;
}

/** What a reconciliation changed, per backend. */
export interface ReconcileReport {
  readonly backend: string;
  readonly held: number;
  readonly added: number;
  readonly removed: number;
}

/**
 * Turns ban and unban decisions into batched backend updates, routed by the proxy rule (kernel,
 * Nginx deny list or both), and keeps each backend reconciled with the ban ledger.
 */
export class Enforcement {
  readonly queues: EnforcementQueue[];
  private readonly kernelQueue: EnforcementQueue;
  private readonly nginxQueue: EnforcementQueue | undefined;

  constructor(
    enforcers: Enforcers,
    private readonly forwarded: boolean,
    clock: Clock,
    events: EnforcementEvents,
  ) {
    const queue = (e: Enforcer) =>
      new EnforcementQueue(
        e,
        clock,
        (result, ms) => events.applied(e.backend, result, ms),
        (error) => events.failed(e.backend, error),
      );
    this.kernelQueue = queue(enforcers.kernel);
    this.nginxQueue = enforcers.nginx === undefined ? undefined : queue(enforcers.nginx);
    this.queues =
      this.nginxQueue === undefined ? [this.kernelQueue] : [this.kernelQueue, this.nginxQueue];
  }

  /** The backends in use. */
  get enforcers(): Enforcer[] {
    return this.queues.map((q) => q.enforcer);
  }

  /** Where a ban goes. */
  route(decision: BanDecision): BanRoute {
    return routeBan(decision, this.forwarded);
  }

  async setup(): Promise<SetupReport[]> {
    const out: SetupReport[] = [];
    for (const e of this.enforcers) out.push(await e.setup());
    return out;
  }

  /** Queues a ban (returns at once). */
  ban(decision: BanDecision): BanRoute {
    const route = this.route(decision);
    const pending = {
      key: decision.ip,
      family: decision.family,
      untilMs: decision.until === null ? null : Date.parse(decision.until),
      except: decision.except,
    };
    if (route.kernel) this.kernelQueue.add(pending);
    if (route.nginx) this.nginxQueue?.add(pending);
    return route;
  }

  /**
   * Queues a ban decided on another node (the shared ban list) for the kernel: it has no evidence
   * here to route by, and the kernel is where every node's copy must drop the client.
   */
  hold(key: string, family: 4 | 6, untilMs: number | null, except: readonly string[]): void {
    this.kernelQueue.add({ key, family, untilMs, except });
  }

  /** Queues the end of a ban on every backend (removing what is absent is harmless). */
  unban(key: string, family: 4 | 6, except: readonly string[]): void {
    for (const q of this.queues) q.remove({ key, family, except });
  }

  flush(): void {
    for (const q of this.queues) q.flush();
  }

  async drain(): Promise<void> {
    for (const q of this.queues) await q.drain();
  }

  /**
   * Makes each backend hold exactly the ledger's bans. The kernel gets missing bans back only when
   * their route is known to include it (`kernelRoute`); the Nginx list gets every ban.
   */
  async reconcile(
    wanted: ReadonlyMap<string, WantedBan>,
    kernelRoute: (key: string) => boolean,
    nowMs: number,
    ignore: (key: string) => boolean,
  ): Promise<ReconcileReport[]> {
    await this.drain();
    const reports: ReconcileReport[] = [];
    for (const q of this.queues) {
      const isKernel = q === this.kernelQueue;
      const held = await q.enforcer.list();
      const want =
        isKernel && this.forwarded
          ? new Map([...wanted].filter(([key]) => kernelRoute(key)))
          : wanted;
      const keep =
        isKernel && this.forwarded ? (key: string) => ignore(key) || wanted.has(key) : ignore;
      const batch = reconcile(want, held, nowMs, { ignore: keep });
      for (const a of batch.add)
        q.add({
          key: a.key,
          family: a.family,
          untilMs: a.timeoutSeconds === null ? null : nowMs + a.timeoutSeconds * 1000,
          except: a.except,
        });
      for (const r of batch.remove) q.remove(r);
      await q.drain();
      reports.push({
        backend: q.enforcer.backend,
        held: held.length,
        added: batch.add.length,
        removed: batch.remove.length,
      });
    }
    return reports;
  }

  async fill(): Promise<SetFill[]> {
    const out: SetFill[] = [];
    for (const e of this.enforcers) out.push(...(await e.fill()));
    return out;
  }

  async verify(): Promise<string[]> {
    const out: string[] = [];
    for (const e of this.enforcers) out.push(...(await e.verify()));
    return out;
  }

  async teardown(): Promise<SetupReport[]> {
    await this.drain();
    const out: SetupReport[] = [];
    for (const e of this.enforcers) out.push(await e.teardown());
    return out;
  }
}
