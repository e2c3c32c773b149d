import { operationsAlert } from "../alert/format-alert";
import { Rule } from "../rules/rule-names";
import type {
  ControlActions,
  ExplainReport,
  FlushReport,
  UnbanTarget,
} from "../control/control-actions";
import { activeBans, banPage } from "../control/ban-rows";
import { explainReport, resolveBanKey } from "../control/explain-report";
import { setUpEnforcement } from "./enforcement-setup";
import type { RunningDaemon } from "./running-daemon";

/** The operator verbs, run inside the daemon (over its control socket). */
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
    return explainReport(key, s.loop.engine.ledger, s.parts.evidence, s.audit.file, now);
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

  private liftAll(select: (permanent: boolean) => boolean, rule: string): string[] {
    const engine = this.daemon.loop.engine;
    const now = this.daemon.parts.deps.clock.now();
    const lifted: string[] = [];
    for (const o of activeBans(engine.ledger))
      if (select(!Number.isFinite(o.untilMs)) && engine.lift(o.ip, now, rule) !== undefined)
        lifted.push(o.ip);
    return lifted;
  }

  async unban(target: UnbanTarget): Promise<{ lifted: string[] }> {
    const s = this.daemon;
    let lifted: string[];
    if (target.ip !== undefined) {
      const key = this.resolve(target.ip);
      lifted =
        s.loop.engine.lift(key, s.parts.deps.clock.now(), Rule.OperatorLift) === undefined
          ? []
          : [key];
    } else
      lifted = this.liftAll((permanent) => target.all === true || permanent, Rule.OperatorLift);
    s.loop.saveBans();
    await s.enforcement.drain();
    s.audit.record("lift", { target, lifted: lifted.slice(0, 1000), count: lifted.length });
    s.audit.flush();
    return { lifted };
  }

  async resetBreaker() {
    const s = this.daemon;
    const trip = s.loop.engine.resetBreaker();
    s.loop.saveBans();
    s.audit.record("breaker-reset", { trip: trip ?? null });
    s.audit.flush();
    if (trip !== undefined)
      s.alerts.push(
        operationsAlert(":arrow_forward: *Ban breaker reset* by an operator: bans resume."),
      );
    return { reset: trip ?? null };
  }

  async flush(): Promise<FlushReport> {
    const s = this.daemon;
    const lifted = this.liftAll(() => true, "flush");
    s.loop.saveBans();
    const removed = await s.enforcement.teardown();
    await setUpEnforcement(s.enforcement, s.parts.deps.out);
    const recreated = await s.enforcement.setup();
    s.parts.evidence.retain(() => false);
    s.audit.record("flush", { lifted: lifted.length, removed });
    s.audit.flush();
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
