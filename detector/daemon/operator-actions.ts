import { breakerResetByOperatorAlert, flushAlert } from "../alert/format-alert";
import type { BanRow } from "../dashboard/dashboard-status";
import type { OperatorBanRequest } from "../engine/operator-ban";
import { Rule } from "../rules/rule-names";
import {
  UNKNOWN_ACTOR,
  type ControlActions,
  type ExplainReport,
  type FlushReport,
  type UnbanTarget,
} from "../control/control-actions";
import { activeBans, banPage, banRow } from "../control/ban-rows";
import { explainReport, resolveBanKey } from "../control/explain-report";
import { setUpEnforcement } from "./enforcement-setup";
import type { RunningDaemon } from "./running-daemon";

/**
 * The operator verbs, run inside the daemon (over its control socket). Every action that changes
 * something is audited with its actor (user@host) and announced through the alert queue.
 */
export class OperatorActions implements ControlActions {
  constructor(private readonly daemon: RunningDaemon) {}

  status() {
    return this.daemon.status();
  }

  private resolve(ip: string): string {
    return resolveBanKey(ip, this.daemon.loop.engine.ledger, this.daemon.settings);
  }

  explain(ip: string): ExplainReport {
    const s = this.daemon;
    const key = this.resolve(ip);
    const now = s.parts.deps.clock.now();
    const engine = s.loop.engine;
    const own = engine.ownHistoryOf(key);
    return explainReport(key, engine.ledger, s.parts.evidence, s.audit.file, now, own);
  }

  bans(permanentOnly: boolean, offset: number, limit: number) {
    const s = this.daemon;
    return banPage(
      s.loop.engine.ledger,
      s.parts.evidence,
      s.parts.deps.clock.now(),
      offset,
      limit,
      permanentOnly,
    );
  }

  private liftAll(select: (permanent: boolean) => boolean, rule: string, actor: string): string[] {
    const engine = this.daemon.loop.engine;
    const now = this.daemon.parts.deps.clock.now();
    const lifted: string[] = [];
    for (const o of activeBans(engine.ledger))
      if (select(!Number.isFinite(o.untilMs)) && engine.lift(o.ip, now, rule, actor) !== undefined)
        lifted.push(o.ip);
    return lifted;
  }

  /** The ban goes through the engine's decision path: enforcement, evidence, audit, alert. */
  async ban(request: OperatorBanRequest): Promise<{ banned: BanRow }> {
    const s = this.daemon;
    const now = s.parts.deps.clock.now();
    const decision = s.loop.engine.operatorBan(request, now);
    s.loop.saveBans();
    await s.enforcement.drain();
    s.audit.flush();
    const o = s.loop.engine.ledger.get(decision.ip)!;
    return { banned: banRow(o, s.parts.evidence, now) };
  }

  async unban(target: UnbanTarget): Promise<{ lifted: string[] }> {
    const s = this.daemon;
    const actor = target.actor ?? UNKNOWN_ACTOR;
    let lifted: string[];
    if (target.ip !== undefined) {
      const key = this.resolve(target.ip);
      const now = s.parts.deps.clock.now();
      lifted = s.loop.engine.lift(key, now, Rule.OperatorLift, actor) === undefined ? [] : [key];
    } else
      lifted = this.liftAll(
        (permanent) => target.all === true || permanent,
        Rule.OperatorLift,
        actor,
      );
    s.loop.saveBans();
    await s.enforcement.drain();
    s.audit.record("lift", {
      target,
      actor,
      lifted: lifted.slice(0, 1000),
      count: lifted.length,
    });
    s.audit.flush();
    return { lifted };
  }

  async resetBreaker(actor = UNKNOWN_ACTOR) {
    const s = this.daemon;
    const trip = s.loop.engine.resetBreaker();
    s.loop.saveBans();
    s.audit.record("breaker-reset", { trip: trip ?? null, actor });
    s.audit.flush();
    if (trip !== undefined) s.alerts.push(breakerResetByOperatorAlert(actor));
    return { reset: trip ?? null };
  }

  async flush(actor = UNKNOWN_ACTOR): Promise<FlushReport> {
    const s = this.daemon;
    const lifted = this.liftAll(() => true, "flush", actor);
    s.loop.saveBans();
    const removed = await s.enforcement.teardown();
    await setUpEnforcement(s.enforcement, s.parts.deps.out);
    const recreated = await s.enforcement.setup();
    s.parts.evidence.retain(() => false);
    s.audit.record("flush", { lifted: lifted.length, removed, actor });
    s.audit.flush();
    s.alerts.push(flushAlert(lifted.length, actor));
    return { lifted: lifted.length, removed, recreated };
  }

  async reload() {
    const s = this.daemon;
    try {
      const { changed, refused } = await s.reload();
      s.parts.deps.out.log("info", "configuration reloaded", { changed });
      return refused.length === 0 ? { reloaded: true } : { reloaded: true, refused };
    } catch (error) {
      const message = (error as Error).message;
      s.parts.deps.out.log("error", "configuration reload refused; keeping the running one", {
        error: message,
      });
      s.audit.record("reload", { refused: message });
      return { reloaded: false, error: message };
    }
  }
}
