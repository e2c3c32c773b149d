import type fs from "node:fs";
import { rmSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import type { DetectorSettings } from "../../../core/detector-settings";
import { AuditLog } from "../../audit/audit-log";
import { EvidenceStore } from "../../audit/evidence-store";
import type { DashboardStatus } from "../../dashboard/dashboard-status";
import { ProcessUsageSampler } from "../../dashboard/process-usage";
import { RateHistory } from "../../dashboard/rate-history";
import type { Enforcement, EnforcementEvents } from "../../enforce/enforcement";
import type { SetFill } from "../../enforce/enforcer";
import type { EnforcementPlan } from "../../enforce/enforcement-plan";
import type { SelfTestResult } from "../../enforce/selftest/selftest-result";
import { StateStore } from "../../state/state-store";
import { Daemon } from "../daemon";
import { keepUnknownBans } from "./adopt-bans";
import { alertSink, type AlertSink } from "./alert-sink";
import { CONTROL_SOCKET } from "./control-client";
import { decisionRouter } from "./decision-router";
import { enforcementEvents } from "./enforcement-events";
import {
  buildEnforcement,
  exceptionFinder,
  selfTestAddress,
  setUpEnforcement,
  wantedBans,
} from "./enforcement-setup";
import { Housekeeping } from "./housekeeping";
import { listenControl, listenDashboard, watchLog } from "./listeners";
import { OperatorActions } from "./operator-actions";
import { reloadService } from "./reload";
import type { ServiceDeps } from "./service-deps";
import { serviceStatus } from "./service-status";
import { selfTestAtStart } from "./selftest-at-start";

/**
 * The running detector: the engine loop (Daemon), batched enforcement, alerts, the audit log, the
 * dashboard and the control socket, wired together; reloads its config on SIGHUP and leaves every
 * ban in the kernel when it stops. Its parts are read by the helpers beside it (housekeeping,
 * reload, operator actions).
 */
export class DetectorService {
  settings: DetectorSettings;
  plan!: EnforcementPlan;
  enforcement!: Enforcement;
  daemon!: Daemon;
  alerts!: AlertSink;
  audit: AuditLog;
  readonly evidence: EvidenceStore;
  readonly store: StateStore;
  readonly history: RateHistory;
  readonly usage = new ProcessUsageSampler();
  selftest: SelfTestResult | undefined;
  fill: SetFill[] = [];
  readonly problems: string[] = [];
  readonly actions: OperatorActions;
  private dashboard: FastifyInstance | undefined;
  private control: FastifyInstance | undefined;
  private watcher: fs.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private cachedStatus: { at: number; status: DashboardStatus } | undefined;
  private readonly startedAtMs: number;

  constructor(
    settings: DetectorSettings,
    readonly settingsFile: string | undefined,
    readonly deps: ServiceDeps,
  ) {
    this.settings = settings;
    this.startedAtMs = deps.clock.now();
    this.store = new StateStore(settings.stateDir);
    this.store.prepare();
    this.history = new RateHistory(settings.dashboard.historyMinutes * 60);
    this.evidence = new EvidenceStore(
      this.store.file("evidence.json"),
      settings.audit.evidenceKept,
    );
    const problem = this.evidence.load();
    if (problem !== undefined) deps.out.log("warn", "evidence file unusable", { problem });
    this.audit = this.newAudit(settings);
    this.actions = new OperatorActions(this);
  }

  /** The audit log a configuration names. */
  newAudit(s: DetectorSettings): AuditLog {
    const file = s.audit.path ?? this.store.file("audit.jsonl");
    return new AuditLog(file, s.audit.maxBytes, s.audit.keep, this.deps.clock);
  }

  /** What enforcement reports go to. */
  events(): EnforcementEvents {
    return enforcementEvents(
      this.deps.out,
      () => this.audit,
      (item) => this.alerts.push(item),
    );
  }

  /** Sets everything up and starts following the log. */
  async start(): Promise<void> {
    const { out, env, clock, sleep } = this.deps;
    this.alerts = alertSink(this.settings.alerts, env, clock, sleep, out, () => this.audit);
    const parts = buildEnforcement(this.settings, this.deps.runner, clock, out, this.events());
    await setUpEnforcement(parts.enforcement, out);
    this.plan = parts.plan;
    this.enforcement = parts.enforcement;
    this.daemon = this.newDaemon(this.settings);
    await this.settle();
    this.selftest = await selfTestAtStart(this);
    this.dashboard = await this.startDashboard();
    this.control = await listenControl(this.store.file(CONTROL_SOCKET), this.actions);
    this.audit.record("start", { plan: this.plan, activeBans: this.daemon.engine.ledger.active });
    this.audit.flush();
    this.daemon.start();
    this.watcher = watchLog(this.settings.logPath, () => this.daemon.wake(), out);
    const housekeeping = new Housekeeping(this);
    this.timer = setInterval(() => void housekeeping.tick(), 1000);
  }

  private newDaemon(s: DetectorSettings): Daemon {
    const exceptionsFor = exceptionFinder(s, this.deps.hostAddresses);
    const route = decisionRouter(() => ({
      enforcement: this.enforcement,
      evidence: this.evidence,
      audit: this.audit,
      alert: (item) => this.alerts.push(item),
      events: this.settings.alerts.events,
      exceptionsFor,
      log: (level, msg, fields) => this.deps.out.log(level, msg, fields),
    }));
    return new Daemon(s, {
      out: this.deps.out,
      clock: this.deps.clock,
      fs: this.deps.fs,
      hostAddresses: this.deps.hostAddresses,
      onDecision: route,
      afterPoll: () => {
        this.enforcement.flush();
        this.trySave("audit", () => this.audit.flush());
      },
    });
  }

  /** Swaps in an engine for new settings (a reload): state is saved and restored, windows restart. */
  replaceDaemon(s: DetectorSettings): void {
    this.daemon.stop();
    this.daemon = this.newDaemon(s);
    this.daemon.start();
    this.watcher?.close();
    this.watcher = watchLog(s.logPath, () => this.daemon.wake(), this.deps.out);
  }

  private startDashboard(): Promise<FastifyInstance | undefined> {
    const d = this.settings.dashboard;
    return listenDashboard(d, () => this.status(), this.actions, this.deps.out, this.problems);
  }

  /** Closes the dashboard and listens again with the current settings. */
  async restartDashboard(): Promise<void> {
    await this.dashboard?.close();
    this.dashboard = await this.startDashboard();
    this.cachedStatus = undefined;
  }

  /**
   * After a (re)start: end due bans, keep the bans the backends hold that the saved state lost, lift
   * bans of addresses now allowlisted, reconcile the backends.
   */
  private async settle(): Promise<void> {
    const engine = this.daemon.engine;
    const now = this.deps.clock.now();
    engine.tick(now);
    await this.keepUnknownBans(now);
    const allowed = exceptionFinder(this.settings, this.deps.hostAddresses);
    for (const o of engine.ledger.list()) {
      const host = !o.ip.includes("/");
      const cidr = `${o.ip}/${o.family === 4 ? 32 : 128}`;
      if (o.untilMs !== 0 && host && allowed(cidr).length > 0)
        engine.lift(o.ip, now, "allowlisted");
    }
    this.evidence.retain((ip) => engine.ledger.isBanned(ip));
    await this.reconcile();
    this.trySave("bans", () => this.daemon.saveBans());
  }

  /** Runs a state write; a failure (a full disk) is logged and never stops enforcement. */
  trySave(what: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      this.deps.out.log("error", `${what} not saved`, { error: (error as Error).message });
    }
  }

  /** Loads into the ledger the bans the backends hold that it has no record of (adopt-bans.ts). */
  private async keepUnknownBans(nowMs: number): Promise<void> {
    const adopted = await keepUnknownBans(
      this.enforcement,
      this.daemon.engine.ledger,
      selfTestAddress(this.settings),
      nowMs,
      this.settings.bans.stepsMinutes.length,
    );
    if (adopted.length === 0) return;
    const fields = { adopted: adopted.length, keys: adopted.slice(0, 20).map((o) => o.ip) };
    this.audit.record("reconcile", fields);
    this.deps.out.log("warn", "kept bans the saved state did not hold", fields);
  }

  /** Makes the backends hold exactly the ledger's bans. */
  async reconcile(): Promise<void> {
    const exceptionsFor = exceptionFinder(this.settings, this.deps.hostAddresses);
    const reports = await this.enforcement.reconcile(
      wantedBans(this.daemon.engine.ledger, exceptionsFor),
      (key) => {
        const r = this.evidence.get(key);
        return r !== undefined && this.enforcement.route(r.decision).kernel;
      },
      this.deps.clock.now(),
      selfTestAddress(this.settings),
    );
    for (const r of reports) {
      const changed = r.added + r.removed > 0;
      if (changed) this.audit.record("reconcile", { ...r });
      this.deps.out.log(changed ? "warn" : "info", "reconciled with the ledger", { ...r });
    }
  }

  /** SIGHUP with a valid file: rebuilds what changed (see reload.ts). */
  async reload(next: DetectorSettings): Promise<string[]> {
    const changed = await reloadService(this, next);
    this.cachedStatus = undefined;
    return changed;
  }

  /** The status, computed at most once a second (a scrape reads it many times). */
  status(): DashboardStatus {
    const now = this.deps.clock.now();
    if (this.cachedStatus !== undefined && now - this.cachedStatus.at < 1000)
      return this.cachedStatus.status;
    const status = serviceStatus({
      settings: this.settings,
      engine: this.daemon.engine,
      evidence: this.evidence,
      enforcement: this.enforcement,
      dryRun: this.plan.kernel === "dry-run",
      alerts: this.alerts,
      history: this.history,
      usage: this.usage.last,
      fill: this.fill,
      selftest: this.selftest,
      problems: this.problems,
      startedAtMs: this.startedAtMs,
      nowMs: now,
    });
    this.cachedStatus = { at: now, status };
    return status;
  }

  /** Stops: last poll, state saved, pending bans applied; the kernel keeps every ban. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.watcher?.close();
    this.daemon.stop();
    await this.enforcement.drain();
    await this.alerts.queue?.drain(Math.min(5000, this.settings.alerts.timeoutMs));
    this.trySave("evidence", () => this.evidence.save());
    this.audit.record("stop", { activeBans: this.daemon.engine.ledger.active });
    this.trySave("audit", () => this.audit.flush());
    await this.dashboard?.close();
    await this.control?.close();
    rmSync(this.store.file(CONTROL_SOCKET), { force: true });
  }
}
