import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { DetectorSettings } from "../../../core/detector-settings";
import { operationsAlert } from "../../alert/format-alert";
import { AuditLog } from "../../audit/audit-log";
import { EvidenceStore } from "../../audit/evidence-store";
import { Daemon } from "../daemon";
import { buildDashboard } from "../../dashboard/dashboard-app";
import type { DashboardStatus } from "../../dashboard/dashboard-status";
import { detectorMetrics } from "../../dashboard/metrics";
import { ProcessUsageSampler } from "../../dashboard/process-usage";
import { RateHistory } from "../../dashboard/rate-history";
import type { Enforcement, EnforcementEvents } from "../../enforce/enforcement";
import type { SetFill } from "../../enforce/enforcer";
import type { EnforcementPlan } from "../../enforce/enforcement-plan";
import type { SelfTestResult } from "../../enforce/selftest/selftest-result";
import { StateStore } from "../../state/state-store";
import { alertSink, type AlertSink } from "./alert-sink";
import { buildControlApp } from "./control-app";
import { CONTROL_SOCKET } from "./control-client";
import { decisionRouter } from "./decision-router";
import {
  buildEnforcement,
  exceptionFinder,
  selfTestAddress,
  setUpEnforcement,
  wantedBans,
} from "./enforcement-setup";
import { OperatorActions } from "./operator-actions";
import type { ServiceDeps } from "./service-deps";
import { serviceStatus } from "./service-status";
import { selfTestAtStart } from "./selftest-at-start";
import { readSelfTest, SELFTEST_FILE } from "./selftest-file";

const FILL_CHECK_MS = 30_000;
const EVIDENCE_SAVE_MS = 5_000;

/** Sections whose change needs a new engine (the windows restart; bans, baseline, offset stay). */
const ENGINE_KEYS = [
  "logPath",
  "stateDir",
  "startAt",
  "pollMs",
  "windowSeconds",
  "ipv4Prefix",
  "ipv6Prefix",
  "allowlist",
  "tracking",
  "baseline",
  "rules",
  "bans",
  "badLines",
  "breaker",
  "trustedProxies",
] as const;
/** Sections whose change needs new enforcement backends. */
const ENFORCEMENT_KEYS = [
  "enforcement",
  "dryRun",
  "clientAddressSource",
  "trustedProxies",
] as const;

/**
 * The running detector: the engine loop (Daemon), batched enforcement, alerts, the audit log, the
 * dashboard and the control socket, wired together; reloads its config on SIGHUP and leaves every
 * ban in the kernel when it stops.
 */
export class DetectorService {
  settings: DetectorSettings;
  plan!: EnforcementPlan;
  enforcement!: Enforcement;
  daemon!: Daemon;
  alerts!: AlertSink;
  audit!: AuditLog;
  readonly evidence: EvidenceStore;
  readonly store: StateStore;
  readonly history: RateHistory;
  readonly usage = new ProcessUsageSampler();
  selftest: SelfTestResult | undefined;
  fill: SetFill[] = [];
  readonly problems: string[] = [];
  readonly actions: OperatorActions;
  private dashboard: FastifyInstance | undefined;
  private watcher: fs.FSWatcher | undefined;
  private control: FastifyInstance | undefined;
  private timers: NodeJS.Timeout[] = [];
  private lastLines = 0;
  private lastFillAt = 0;
  private lastReconcileAt = 0;
  private lastEvidenceSave = 0;
  private readonly fillAlerted = new Set<string>();
  private selftestStamp = "";
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

  private newAudit(s: DetectorSettings): AuditLog {
    const file = s.audit.path ?? this.store.file("audit.jsonl");
    return new AuditLog(file, s.audit.maxBytes, s.audit.keep, this.deps.clock);
  }

  /** Sets everything up and starts following the log. */
  async start(): Promise<void> {
    const { out } = this.deps;
    this.alerts = alertSink(
      this.settings.alerts,
      this.deps.env,
      this.deps.clock,
      this.deps.sleep,
      out,
      () => this.audit,
    );
    await this.startEnforcement(this.settings);
    this.daemon = this.newDaemon(this.settings);
    await this.settle();
    this.selftest = await selfTestAtStart(this);
    this.selftestStamp = this.selftest?.at ?? "";
    await this.startDashboard();
    await this.startControl();
    this.audit.record("start", { plan: this.plan, activeBans: this.daemon.engine.ledger.active });
    this.audit.flush();
    this.daemon.start();
    this.watchLog();
    this.timers.push(setInterval(() => void this.housekeeping(), 1000));
  }

  /** Wakes the poll loop when the log's directory changes (polling stays as the fallback). */
  private watchLog(): void {
    const dir = path.dirname(this.settings.logPath);
    const base = path.basename(this.settings.logPath);
    try {
      this.watcher?.close();
      this.watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || name === base || name.startsWith(base)) this.daemon.wake();
      });
      this.watcher.on("error", () => undefined);
    } catch (error) {
      this.deps.out.log("warn", "cannot watch the log directory; polling only", {
        dir,
        error: (error as Error).message,
      });
    }
  }

  private enforcementEvents(): EnforcementEvents {
    return {
      applied: (backend, result, ms) => {
        if (result.failed.length === 0) return;
        const first = result.failed[0]!;
        this.deps.out.log("error", "bans refused by the backend", {
          backend,
          failed: result.failed.length,
          first,
          ms: Math.round(ms),
        });
        this.audit.record("enforcement", { backend, failed: result.failed.slice(0, 100) });
        this.alerts.push(
          operationsAlert(
            `:warning: *${result.failed.length} bans could not be enforced* by ${backend}: ${first.key}: ${first.error}`,
          ),
        );
      },
      failed: (backend, error) => {
        this.deps.out.log("error", "enforcement batch failed", { backend, error: error.message });
        this.audit.record("enforcement", { backend, error: error.message });
        this.alerts.push(
          operationsAlert(`:warning: *Enforcement failed* (${backend}): ${error.message}`),
        );
      },
    };
  }

  private async startEnforcement(s: DetectorSettings): Promise<void> {
    const parts = buildEnforcement(
      s,
      this.deps.runner,
      this.deps.clock,
      this.deps.out,
      this.enforcementEvents(),
    );
    await setUpEnforcement(parts.enforcement, this.deps.out);
    this.plan = parts.plan;
    this.enforcement = parts.enforcement;
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
      extraAllowlist: s.trustedProxies,
      onDecision: route,
      afterPoll: () => {
        this.enforcement.flush();
        this.audit.flush();
      },
    });
  }

  /** After a (re)start: end due bans, lift bans of addresses now allowlisted, reconcile the backends. */
  private async settle(): Promise<void> {
    const engine = this.daemon.engine;
    const now = this.deps.clock.now();
    engine.tick(now);
    const allowed = exceptionFinder(this.settings, this.deps.hostAddresses);
    for (const o of engine.ledger.list())
      if (
        o.untilMs !== 0 &&
        !o.ip.includes("/") &&
        allowed(`${o.ip}/${o.family === 4 ? 32 : 128}`).length > 0
      )
        engine.lift(o.ip, now, "allowlisted");
    this.evidence.retain((ip) => engine.ledger.isBanned(ip));
    await this.reconcile();
    this.daemon.saveBans();
  }

  /** Makes the backends hold exactly the ledger's bans. */
  async reconcile(): Promise<void> {
    const engine = this.daemon.engine;
    const exceptionsFor = exceptionFinder(this.settings, this.deps.hostAddresses);
    const reports = await this.enforcement.reconcile(
      wantedBans(engine.ledger, exceptionsFor),
      (key) => {
        const r = this.evidence.get(key);
        return r !== undefined && this.enforcement.route(r.decision).kernel;
      },
      this.deps.clock.now(),
      selfTestAddress(this.settings),
    );
    this.lastReconcileAt = this.deps.clock.now();
    for (const r of reports) {
      if (r.added + r.removed > 0) this.audit.record("reconcile", { ...r });
      this.deps.out.log(r.added + r.removed > 0 ? "warn" : "info", "reconciled with the ledger", {
        ...r,
      });
    }
  }

  private async startDashboard(): Promise<void> {
    const d = this.settings.dashboard;
    if (!d.enabled) return;
    const app = buildDashboard(
      {
        status: () => this.status(),
        ban: (ip) => this.actions.explain(ip).banned ?? undefined,
        bans: (o, l) => this.actions.bans(false, o, l),
      },
      detectorMetrics(() => this.status()),
      d.refreshSeconds,
    );
    try {
      const address = await app.listen({ host: d.bindAddress, port: d.port });
      this.dashboard = app;
      this.deps.out.log("info", "dashboard listening", { address });
      if (!/^(127\.|::1$)/.test(d.bindAddress))
        this.deps.out.log(
          "warn",
          "the dashboard is bound to a non-loopback address: it is not meant to be public",
          { bindAddress: d.bindAddress },
        );
    } catch (error) {
      this.problems.push(
        `dashboard could not listen on ${d.bindAddress}:${d.port}: ${(error as Error).message}`,
      );
      this.deps.out.log("error", "dashboard could not listen", { error: (error as Error).message });
    }
  }

  private async startControl(): Promise<void> {
    const socket = this.store.file(CONTROL_SOCKET);
    fs.rmSync(socket, { force: true });
    const app = buildControlApp(this.actions);
    await app.listen({ path: socket });
    fs.chmodSync(socket, 0o600);
    this.control = app;
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

  private async housekeeping(): Promise<void> {
    const now = this.deps.clock.now();
    const engine = this.daemon.engine;
    const lines = engine.stats().lines;
    this.history.push({
      t: now,
      requests: Math.max(0, lines - this.lastLines),
      windowRate: Math.round(engine.globalRate() * 1000) / 1000,
    });
    this.lastLines = lines;
    this.usage.sample();
    this.alerts.queue?.tick();
    this.audit.flush();
    if (now - this.lastEvidenceSave >= EVIDENCE_SAVE_MS) {
      this.evidence.save();
      this.lastEvidenceSave = now;
    }
    this.watchSelfTest();
    try {
      if (now - this.lastFillAt >= FILL_CHECK_MS) await this.checkFill();
      if (now - this.lastReconcileAt >= this.settings.enforcement.reconcileSeconds * 1000)
        await this.verifyAndReconcile();
    } catch (error) {
      this.deps.out.log("error", "enforcement check failed", { error: (error as Error).message });
    }
  }

  private watchSelfTest(): void {
    const r = readSelfTest(this.store.file(SELFTEST_FILE));
    if (r === undefined || r.at === this.selftestStamp) return;
    this.selftestStamp = r.at;
    this.selftest = r;
    this.audit.record("selftest", { result: r });
    this.deps.out.log(
      r.ok === false ? "error" : "info",
      `self-test ${r.ok === false ? "FAILED" : "result"}: ${r.message}`,
    );
    if (r.ok === false)
      this.alerts.push(
        operationsAlert(`:x: *Enforcement self-test failed* on this host: ${r.message}`),
      );
  }

  private async checkFill(): Promise<void> {
    this.lastFillAt = this.deps.clock.now();
    this.fill = await this.enforcement.fill();
    for (const f of this.fill) {
      const ratio = f.capacity > 0 ? f.entries / f.capacity : 0;
      if (ratio >= this.settings.enforcement.fillAlertShare && !this.fillAlerted.has(f.name)) {
        this.fillAlerted.add(f.name);
        this.deps.out.log("error", "ban set nearly full", { ...f });
        this.alerts.push(
          operationsAlert(
            `:warning: *Ban set ${f.name} is ${Math.round(ratio * 100)}% full* (${f.entries} of ${f.capacity}): new bans will be refused when it is full; raise enforcement.maxElements`,
          ),
        );
      } else if (ratio < this.settings.enforcement.fillAlertShare * 0.9)
        this.fillAlerted.delete(f.name);
    }
  }

  private async verifyAndReconcile(): Promise<void> {
    const problems = await this.enforcement.verify();
    if (problems.length > 0) {
      this.deps.out.log("error", "enforcement rules were missing; restoring them", { problems });
      this.alerts.push(
        operationsAlert(
          `:warning: *Ban rules were missing* and have been restored: ${problems.join("; ")}`,
        ),
      );
      await setUpEnforcement(this.enforcement, this.deps.out);
    }
    await this.reconcile();
  }

  /** SIGHUP: re-reads the config file and rebuilds what changed; a bad file changes nothing. */
  async reload(next: DetectorSettings): Promise<string[]> {
    const old = this.settings;
    const differs = (keys: readonly (keyof DetectorSettings)[]) =>
      keys.filter((k) => JSON.stringify(old[k]) !== JSON.stringify(next[k]));
    const changed = (Object.keys(next) as (keyof DetectorSettings)[]).filter(
      (k) => JSON.stringify(old[k]) !== JSON.stringify(next[k]),
    );
    if (differs(ENFORCEMENT_KEYS).length > 0) {
      await this.enforcement.drain();
      const oldBackend = this.enforcement;
      const parts = buildEnforcement(
        next,
        this.deps.runner,
        this.deps.clock,
        this.deps.out,
        this.enforcementEvents(),
      );
      if (
        old.enforcement.setName !== next.enforcement.setName ||
        this.plan.kernel !== parts.plan.kernel
      )
        await oldBackend.teardown();
      await setUpEnforcement(parts.enforcement, this.deps.out);
      this.plan = parts.plan;
      this.enforcement = parts.enforcement;
    }
    this.settings = next;
    if (differs(ENGINE_KEYS).length > 0) {
      this.daemon.stop();
      this.daemon = this.newDaemon(next);
      this.daemon.start();
      this.watchLog();
    }
    if (changed.includes("alerts")) {
      void this.alerts.queue?.drain(next.alerts.timeoutMs);
      this.alerts = alertSink(
        next.alerts,
        this.deps.env,
        this.deps.clock,
        this.deps.sleep,
        this.deps.out,
        () => this.audit,
      );
    }
    if (changed.includes("audit")) {
      this.audit.flush();
      this.audit = this.newAudit(next);
    }
    if (changed.includes("dashboard")) {
      await this.dashboard?.close();
      this.dashboard = undefined;
      await this.startDashboard();
    }
    await this.reconcile();
    this.cachedStatus = undefined;
    this.audit.record("reload", { changed });
    this.audit.flush();
    return changed;
  }

  /** Stops: last poll, state saved, pending bans applied; the kernel keeps every ban. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.watcher?.close();
    this.daemon.stop();
    await this.enforcement.drain();
    await this.alerts.queue?.drain(Math.min(5000, this.settings.alerts.timeoutMs));
    this.evidence.save();
    this.audit.record("stop", { activeBans: this.daemon.engine.ledger.active });
    this.audit.flush();
    await this.dashboard?.close();
    await this.control?.close();
    fs.rmSync(this.store.file(CONTROL_SOCKET), { force: true });
  }
}
