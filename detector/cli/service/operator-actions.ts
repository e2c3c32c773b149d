import { operationsAlert } from "../../alert/format-alert";
import { readAudit } from "../../audit/audit-log";
import { loadSettings } from "../load-settings";
import { parseCidr, formatCidr, maskV6, v4Mask } from "../../address/cidr";
import { canonicalKey } from "../../enforce/ban-key";
import { Rule } from "../../rules/rule-names";
import type { ControlActions, ExplainReport, FlushReport, UnbanTarget } from "./control-actions";
import { activeBans, banPage, banRow } from "./ban-rows";
import { setUpEnforcement } from "./enforcement-setup";
import type { DetectorService } from "./service";

const HISTORY = 20;

/** The key a client address is counted and banned under (its IPv4/IPv6 prefix). */
export function banKeyOf(ip: string, ipv4Prefix: number, ipv6Prefix: number): string | undefined {
  const c = parseCidr(ip);
  if (c === undefined) return undefined;
  if (c.family === 4) {
    const bits = Math.min(c.bits, ipv4Prefix);
    const mask = v4Mask(bits);
    return formatCidr({ family: 4, net: (c.net & mask) >>> 0, mask, bits });
  }
  const bits = Math.min(c.bits, ipv6Prefix);
  return formatCidr({ family: 6, words: maskV6(Uint16Array.from(c.words), bits), bits });
}

/** The operator verbs, run inside the daemon (over its control socket). */
export class OperatorActions implements ControlActions {
  constructor(private readonly service: DetectorService) {}

  status() {
    return this.service.status();
  }

  private resolve(ip: string): string {
    const s = this.service.settings;
    const exact = canonicalKey(ip)?.key ?? ip;
    const ledger = this.service.daemon.engine.ledger;
    if (ledger.get(exact) !== undefined) return exact;
    return banKeyOf(exact, s.ipv4Prefix, s.ipv6Prefix) ?? exact;
  }

  explain(ip: string): ExplainReport {
    const key = this.resolve(ip);
    const engine = this.service.daemon.engine;
    const now = this.service.deps.clock.now();
    const o = engine.ledger.get(key);
    const history = readAudit(this.service.audit.file, 1)
      .filter((r) => (r.decision as { ip?: string } | undefined)?.ip === key)
      .slice(-HISTORY);
    return {
      ip: key,
      banned: o !== undefined && o.untilMs !== 0 ? banRow(o, this.service.evidence, now) : null,
      offender:
        o === undefined
          ? null
          : {
              step: o.step,
              effectiveStep: engine.ledger.effectiveStep(o, now),
              lastOffenceAt: new Date(o.lastOffenceMs).toISOString(),
              releasedAt: o.releasedMs === 0 ? null : new Date(o.releasedMs).toISOString(),
            },
      history,
    };
  }

  bans(permanentOnly: boolean, offset: number, limit: number) {
    const s = this.service;
    return banPage(
      s.daemon.engine.ledger,
      s.evidence,
      s.deps.clock.now(),
      offset,
      limit,
      permanentOnly,
    );
  }

  private liftAll(select: (permanent: boolean) => boolean, rule: string): string[] {
    const engine = this.service.daemon.engine;
    const now = this.service.deps.clock.now();
    const lifted: string[] = [];
    for (const o of activeBans(engine.ledger))
      if (select(!Number.isFinite(o.untilMs)) && engine.lift(o.ip, now, rule) !== undefined)
        lifted.push(o.ip);
    return lifted;
  }

  async unban(target: UnbanTarget): Promise<{ lifted: string[] }> {
    const s = this.service;
    let lifted: string[];
    if (target.ip !== undefined) {
      const key = this.resolve(target.ip);
      lifted =
        s.daemon.engine.lift(key, s.deps.clock.now(), Rule.OperatorLift) === undefined ? [] : [key];
    } else
      lifted = this.liftAll((permanent) => target.all === true || permanent, Rule.OperatorLift);
    s.daemon.saveBans();
    await s.enforcement.drain();
    s.audit.record("lift", { target, lifted: lifted.slice(0, 1000), count: lifted.length });
    s.audit.flush();
    return { lifted };
  }

  async resetBreaker() {
    const s = this.service;
    const trip = s.daemon.engine.resetBreaker();
    s.daemon.saveBans();
    s.audit.record("breaker-reset", { trip: trip ?? null });
    s.audit.flush();
    if (trip !== undefined)
      s.alerts.push(
        operationsAlert(":arrow_forward: *Ban breaker reset* by an operator: bans resume."),
      );
    return { reset: trip ?? null };
  }

  async flush(): Promise<FlushReport> {
    const s = this.service;
    const lifted = this.liftAll(() => true, "flush");
    s.daemon.saveBans();
    const removed = await s.enforcement.teardown();
    await setUpEnforcement(s.enforcement, s.deps.out);
    const recreated = await s.enforcement.setup();
    s.evidence.retain(() => false);
    s.audit.record("flush", { lifted: lifted.length, removed });
    s.audit.flush();
    return { lifted: lifted.length, removed, recreated };
  }

  async reload() {
    try {
      const next = loadSettings(this.service.settingsFile);
      const changed = await this.service.reload(next);
      this.service.deps.out.log("info", "configuration reloaded", { changed });
      return { reloaded: true };
    } catch (error) {
      const message = (error as Error).message;
      this.service.deps.out.log("error", "configuration reload refused; keeping the running one", {
        error: message,
      });
      this.service.audit.record("reload", { refused: message });
      return { reloaded: false, error: message };
    }
  }
}
