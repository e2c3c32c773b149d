import type fs from "node:fs";
import { rmSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import type { DetectorSettings } from "../../core/detector-settings";
import { AuditLog } from "../audit/audit-log";
import { CONTROL_SOCKET } from "../control/control-client";
import { listenControl } from "../control/listen-control";
import type { DashboardStatus } from "../dashboard/dashboard-status";
import type { Enforcement, EnforcementEvents } from "../enforce/enforcement";
import type { SetFill } from "../enforce/enforcer";
import type { EnforcementPlan } from "../enforce/enforcement-plan";
import type { SelfTestResult } from "../enforce/selftest/selftest-result";
import { alertSink, type AlertSink } from "./alert-sink";
import { applyReload } from "./apply-reload";
import { buildDaemonParts, type DaemonParts } from "./daemon-parts";
import type { DaemonDeps } from "./daemon-deps";
import { daemonStatus } from "./daemon-status";
import { decisionRouter } from "./decision-router";
import { enforcementEvents } from "./enforcement-events";
import { buildEnforcement, exceptionFinder, setUpEnforcement } from "./enforcement-setup";
import { EngineLoop } from "./engine-loop";
import { Housekeeping } from "./housekeeping";
import { listenDashboard, watchLog } from "./listeners";
import { OperatorActions } from "./operator-actions";
import { planReload } from "./reload-plan";
import type { ReloadOutcome, RunningDaemon } from "./running-daemon";
import { selfTestAtStart } from "./selftest-at-start";
import { SharedBanSync } from "./shared-ban-sync";
import { ConfigMapBanList } from "../shared-bans/configmap-ban-list";
import { KubeApi } from "../shared-bans/kube-api";
import { reconcileWithLedger, settleAfterStart } from "./settle";

/**
 * The running detector: the engine loop, batched enforcement, alerts, the audit log, the dashboard
 * and the control socket, wired together. The parts built once (one StateStore among them) sit in
 * `parts`; a reload (SIGHUP) plans from old and new settings (`reload-plan.ts`) and swaps only what
 * changed. Stopping leaves every ban in the kernel.
 */
export class DetectorDaemon implements RunningDaemon {
  readonly parts: DaemonParts;
  readonly actions: OperatorActions;
  settings: DetectorSettings;
  hostAddresses: readonly string[];
  plan!: EnforcementPlan;
  enforcement!: Enforcement;
  loop!: EngineLoop;
  alerts!: AlertSink;
  audit: AuditLog;
  selftest: SelfTestResult | undefined;
  fill: SetFill[] = [];
  private dashboard: FastifyInstance | undefined;
  private control: FastifyInstance | undefined;
  private watcher: fs.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private cachedStatus: { at: number; status: DashboardStatus } | undefined;
  private shared: SharedBanSync | undefined;

  constructor(settings: DetectorSettings, deps: DaemonDeps) {
    this.settings = settings;
    this.hostAddresses = deps.hostAddresses();
    this.parts = buildDaemonParts(settings, deps);
    this.audit = this.newAudit(settings);
    this.actions = new OperatorActions(this);
  }

  newAudit(s: DetectorSettings): AuditLog {
    const file = s.audit.path ?? this.parts.store.file("audit.jsonl");
    return new AuditLog(file, s.audit.maxBytes, s.audit.keep, this.parts.deps.clock);
  }

  events(): EnforcementEvents {
    return enforcementEvents(
      this.parts.deps.out,
      () => this.audit,
      (item) => this.alerts.push(item),
    );
  }

  /** Sets everything up and starts following the log. */
  async start(): Promise<void> {
    const { out, env, clock, sleep, runner } = this.parts.deps;
    this.alerts = alertSink(this.settings.alerts, env, clock, sleep, out, () => this.audit);
    const built = buildEnforcement(this.settings, runner, clock, out, this.events());
    await setUpEnforcement(built.enforcement, out);
    this.plan = built.plan;
    this.enforcement = built.enforcement;
    this.loop = this.newLoop();
    await settleAfterStart(this);
    this.shared = this.newSharedBans();
    await this.shared?.start();
    this.selftest = await selfTestAtStart(this);
    this.dashboard = await this.startDashboard();
    this.control = await listenControl(this.parts.store.file(CONTROL_SOCKET), this.actions);
    this.audit.record("start", { plan: this.plan, activeBans: this.loop.engine.ledger.active });
    this.audit.flush();
    this.loop.start();
    this.watcher = this.watchLog();
    const housekeeping = new Housekeeping(this);
    this.timer = setInterval(() => void housekeeping.tick(), 1000);
  }

  /** The shared ban list's sync, when the settings ask for one (a change needs a restart). */
  private newSharedBans(): SharedBanSync | undefined {
    const access = this.parts.deps.sharedBans;
    const s = this.settings.sharedBans;
    if (s.kind === "none") return undefined;
    if (access === undefined)
      throw new Error(`sharedBans.kind ${s.kind}: no access to the Kubernetes API`);
    const api = new KubeApi(access.target, s.timeoutMs);
    const list = new ConfigMapBanList(api, s.namespace ?? access.namespace, s.name);
    return new SharedBanSync(this, api, list, access.node);
  }

  private newLoop(): EngineLoop {
    const { deps, store, evidence } = this.parts;
    const exceptionsFor = exceptionFinder(this.settings, this.hostAddresses);
    const route = decisionRouter(() => ({
      enforcement: this.enforcement,
      evidence,
      audit: this.audit,
      alert: (item) => this.alerts.push(item),
      events: this.settings.alerts.events,
      exceptionsFor,
      log: (level, msg, fields) => deps.out.log(level, msg, fields),
    }));
    return new EngineLoop(this.settings, {
      out: deps.out,
      store,
      clock: deps.clock,
      fs: deps.fs,
      hostAddresses: this.hostAddresses,
      onDecision: (decision) => {
        route(decision);
        this.shared?.decided(decision);
      },
      afterPoll: () => {
        this.enforcement.flush();
        this.trySave("audit", () => this.audit.flush());
      },
    });
  }

  replaceLoop(): void {
    this.loop.stop();
    this.loop = this.newLoop();
    this.loop.start();
    this.watcher?.close();
    this.watcher = this.watchLog();
  }

  /** Wakes the loop when the log changes; pod logs are polled only (their folders come and go). */
  private watchLog(): fs.FSWatcher | undefined {
    if (this.settings.logSource !== "file") return undefined;
    return watchLog(this.settings.logPath, () => this.loop.wake(), this.parts.deps.out);
  }

  private startDashboard(): Promise<FastifyInstance | undefined> {
    const d = this.settings.dashboard;
    const { deps, problems } = this.parts;
    return listenDashboard(d, () => this.status(), this.actions, deps.out, problems);
  }

  async restartDashboard(): Promise<void> {
    await this.dashboard?.close();
    this.dashboard = await this.startDashboard();
    this.cachedStatus = undefined;
  }

  trySave(what: string, write: () => void): void {
    try {
      write();
    } catch (error) {
      this.parts.deps.out.log("error", `${what} not saved`, {
        error: (error as Error).message,
      });
    }
  }

  reconcile(): Promise<void> {
    return reconcileWithLedger(this);
  }

  /** SIGHUP: re-reads the settings file and the host addresses, then rebuilds what changed. */
  async reload(): Promise<ReloadOutcome> {
    const { deps } = this.parts;
    const plan = planReload(
      { settings: this.settings, hostAddresses: this.hostAddresses },
      { settings: deps.readSettings(), hostAddresses: deps.hostAddresses() },
    );
    await applyReload(this, plan);
    this.cachedStatus = undefined;
    return { changed: plan.changed, refused: plan.refused.map((r) => r.reason) };
  }

  /** The status, computed at most once a second (a scrape reads it many times). */
  status(): DashboardStatus {
    const { deps, evidence, history, usage, problems, startedAtMs } = this.parts;
    const now = deps.clock.now();
    if (this.cachedStatus !== undefined && now - this.cachedStatus.at < 1000)
      return this.cachedStatus.status;
    const status = daemonStatus({
      settings: this.settings,
      engine: this.loop.engine,
      evidence,
      enforcement: this.enforcement,
      dryRun: this.plan.kernel === "dry-run",
      alerts: this.alerts,
      history,
      usage: usage.last,
      fill: this.fill,
      selftest: this.selftest,
      problems,
      startedAtMs,
      nowMs: now,
    });
    this.cachedStatus = { at: now, status };
    return status;
  }

  /** Stops: last poll, state saved, pending bans applied; the kernel keeps every ban. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.shared?.stop();
    this.watcher?.close();
    this.loop.stop();
    await this.enforcement.drain();
    await this.alerts.queue?.drain(Math.min(5000, this.settings.alerts.timeoutMs));
    this.trySave("evidence", () => this.parts.evidence.save());
    this.audit.record("stop", { activeBans: this.loop.engine.ledger.active });
    this.trySave("audit", () => this.audit.flush());
    await this.dashboard?.close();
    await this.control?.close();
    rmSync(this.parts.store.file(CONTROL_SOCKET), { force: true });
  }
}
