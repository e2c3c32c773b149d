import { operationsAlert } from "../alert/format-alert";
import { setUpEnforcement } from "./enforcement-setup";
import { readSelfTest, SELFTEST_FILE } from "../state/selftest-file";
import type { RunningDaemon } from "./running-daemon";

const FILL_CHECK_MS = 30_000;
const EVIDENCE_SAVE_MS = 5_000;

/**
 * What the daemon does once a second: chart sample, CPU/memory, alert digest, audit flush,
 * evidence save, the self-test file; every 30 s the sets' fill; every `reconcileSeconds` the rules
 * (restored with an alert when missing) and a reconciliation.
 */
export class Housekeeping {
  private lastLines = 0;
  private lastFillAt = 0;
  private lastEvidenceSave = 0;
  private readonly fillAlerted = new Set<string>();
  private selftestStamp: string;
  lastReconcileAt: number;

  constructor(private readonly s: RunningDaemon) {
    this.selftestStamp = s.selftest?.at ?? "";
    this.lastReconcileAt = s.parts.deps.clock.now();
  }

  async tick(): Promise<void> {
    const s = this.s;
    const now = s.parts.deps.clock.now();
    const engine = s.loop.engine;
    const lines = engine.stats().lines;
    s.parts.history.push({
      t: now,
      requests: Math.max(0, lines - this.lastLines),
      windowRate: Math.round(engine.globalRate() * 1000) / 1000,
    });
    this.lastLines = lines;
    s.parts.usage.sample();
    s.alerts.queue?.tick();
    s.trySave("audit", () => s.audit.flush());
    if (now - this.lastEvidenceSave >= EVIDENCE_SAVE_MS) {
      s.trySave("evidence", () => s.parts.evidence.save());
      this.lastEvidenceSave = now;
    }
    this.watchSelfTest();
    try {
      if (now - this.lastFillAt >= FILL_CHECK_MS) await this.checkFill();
      if (now - this.lastReconcileAt >= s.settings.enforcement.reconcileSeconds * 1000)
        await this.verifyAndReconcile();
    } catch (error) {
      s.parts.deps.out.log("error", "enforcement check failed", {
        error: (error as Error).message,
      });
    }
  }

  /** Picks up a result written by `swiftdeploy-detector selftest` (or the unit's ExecStartPre). */
  private watchSelfTest(): void {
    const s = this.s;
    const r = readSelfTest(s.parts.store.file(SELFTEST_FILE));
    if (r === undefined || r.at === this.selftestStamp) return;
    this.selftestStamp = r.at;
    s.selftest = r;
    s.audit.record("selftest", { result: r });
    s.parts.deps.out.log(
      r.ok === false ? "error" : "info",
      `self-test ${r.ok === false ? "FAILED" : "result"}: ${r.message}`,
    );
    if (r.ok === false)
      s.alerts.push(
        operationsAlert(`:x: *Enforcement self-test failed* on this host: ${r.message}`),
      );
  }

  private async checkFill(): Promise<void> {
    const s = this.s;
    this.lastFillAt = s.parts.deps.clock.now();
    s.fill = await s.enforcement.fill();
    const share = s.settings.enforcement.fillAlertShare;
    for (const f of s.fill) {
      const ratio = f.capacity > 0 ? f.entries / f.capacity : 0;
      if (ratio >= share && !this.fillAlerted.has(f.name)) {
        this.fillAlerted.add(f.name);
        s.parts.deps.out.log("error", "ban set nearly full", { ...f });
        s.alerts.push(
          operationsAlert(
            `:warning: *Ban set ${f.name} is ${Math.round(ratio * 100)}% full* (${f.entries} of ${f.capacity}): new bans will be refused when it is full; raise enforcement.maxElements`,
          ),
        );
      } else if (ratio < share * 0.9) this.fillAlerted.delete(f.name);
    }
  }

  private async verifyAndReconcile(): Promise<void> {
    const s = this.s;
    this.lastReconcileAt = s.parts.deps.clock.now();
    const problems = await s.enforcement.verify();
    if (problems.length > 0) {
      s.parts.deps.out.log("error", "enforcement rules were missing; restoring them", { problems });
      s.alerts.push(
        operationsAlert(
          `:warning: *Ban rules were missing* and have been restored: ${problems.join("; ")}`,
        ),
      );
      await setUpEnforcement(s.enforcement, s.parts.deps.out);
    }
    await s.reconcile();
  }
}
