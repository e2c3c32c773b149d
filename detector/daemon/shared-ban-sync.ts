import { parseCidr } from "../address/cidr";
import type { Decision } from "../decide/decision";
import { isHostKey } from "../enforce/ban-key";
import { Rule } from "../rules/rule-names";
import { BanListWatch } from "../shared-bans/ban-list-watch";
import type { ConfigMapBanList } from "../shared-bans/configmap-ban-list";
import type { KubeApi } from "../shared-bans/kube-api";
import { planMerge } from "../shared-bans/merge-plan";
import type { SharedBan } from "../shared-bans/shared-ban-codec";
import { exceptionFinder, selfTestAddress } from "./enforcement-setup";
import type { RunningDaemon } from "./running-daemon";

/** Slack for "this listed ban is over": the nodes' clocks and a write's latency. */
const EXPIRY_SLACK_MS = 2_000;

/**
 * This node's side of the shared ban list: its own bans and operator lifts go to the list; the
 * list's bans (every node's) are held in this node's ledger and kernel until the `until` they
 * were decided with, so they end on every node at once; a ban lifted elsewhere is lifted here.
 * Held bans are in the ledger, so bans.json, reconciliation and expiry treat them as this node's.
 */
export class SharedBanSync {
  private seen = new Map<string, SharedBan>();
  private readonly watch: BanListWatch;

  constructor(
    private readonly d: RunningDaemon,
    api: KubeApi,
    private readonly list: ConfigMapBanList,
    private readonly node: string,
  ) {
    const out = d.parts.deps.out;
    this.watch = new BanListWatch(api, list, {
      snapshot: (s) => this.apply(s.bans),
      log: (level, msg, fields) => out.log(level, msg, fields),
      sleep: d.parts.deps.sleep,
    });
  }

  /** Reads the list and applies it (a failure is logged and retried), then keeps watching. */
  start(): Promise<void> {
    return this.watch.start();
  }

  stop(): Promise<void> {
    return this.watch.stop();
  }

  /** Sends a local decision to the list: bans, and lifts by an operator. Never throws. */
  decided(dec: Decision): void {
    if (dec.type === "ban") {
      const ban = {
        ip: dec.ip,
        family: dec.family,
        until: dec.until,
        rule: dec.rule,
        node: this.node,
        at: new Date(this.d.parts.deps.clock.now()).toISOString(),
      };
      this.seen.set(ban.ip, ban);
      this.send({ put: ban }, dec.ip);
    } else if (dec.type === "unban") {
      if (dec.rule === Rule.OperatorLift || dec.rule === "flush") {
        this.seen.delete(dec.ip);
        this.send({ remove: dec.ip }, dec.ip);
      } else if (dec.rule === Rule.BanExpired) {
        const now = this.d.parts.deps.clock.now();
        const over = (b: SharedBan) =>
          b.until !== null && Date.parse(b.until) <= now + EXPIRY_SLACK_MS;
        this.send({ remove: dec.ip, removeIf: over }, dec.ip);
      }
    }
  }

  private send(change: Parameters<ConfigMapBanList["change"]>[0], key: string): void {
    const out = this.d.parts.deps.out;
    this.list.change(change).catch((error: Error) =>
      out.log("error", "shared ban list not updated; the ban holds on this node only", {
        key,
        error: error.message,
      }),
    );
  }

  /** Applies a new copy of the list to this node. */
  private apply(current: Map<string, SharedBan>): void {
    const d = this.d;
    const { clock, out } = d.parts.deps;
    const now = clock.now();
    const engine = d.loop.engine;
    const plan = planMerge(this.seen, current, (k) => engine.ledger.get(k)?.untilMs ?? 0, now);
    this.seen = current;
    const exceptionsFor = exceptionFinder(d.settings, d.hostAddresses);
    const selfTest = selfTestAddress(d.settings);
    const held: string[] = [];
    for (const { ban, untilMs } of plan.hold) {
      const cidr = parseCidr(ban.ip);
      if (cidr === undefined || selfTest(ban.ip)) continue;
      const hostCidr = `${ban.ip}/${ban.family === 4 ? 32 : 128}`;
      if (isHostKey(ban.ip) && exceptionsFor(hostCidr).length > 0) continue;
      if (!engine.ledger.hold(ban.ip, ban.family, cidr.bits, untilMs, now)) continue;
      d.enforcement.hold(
        ban.ip,
        ban.family,
        Number.isFinite(untilMs) ? untilMs : null,
        exceptionsFor(ban.ip),
      );
      held.push(ban.ip);
    }
    const lifted = plan.lift.filter((k) => engine.lift(k, now, Rule.SharedLift) !== undefined);
    if (held.length + lifted.length === 0) return;
    d.enforcement.flush();
    d.trySave("bans", () => d.loop.saveBans());
    const fields = {
      held: held.length,
      lifted: lifted.length,
      keys: [...held, ...lifted].slice(0, 20),
    };
    d.audit.record("shared-bans", fields);
    out.log("info", "applied the shared ban list", fields);
  }
}
