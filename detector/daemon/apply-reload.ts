import { alertSink } from "./alert-sink";
import { buildEnforcement, setUpEnforcement } from "./enforcement-setup";
import type { ReloadPlan } from "./reload-plan";
import type { RunningDaemon } from "./running-daemon";

/**
 * Carries out a reload plan: new backends (tearing the old kernel objects down first when the set
 * name or kernel backend changes), a new engine (bans, baseline, read offset carry over), alerts,
 * audit, dashboard; then reconciles and records it. A refused change is logged as an error.
 */
export async function applyReload(d: RunningDaemon, plan: ReloadPlan): Promise<void> {
  const { deps } = d.parts;
  const next = plan.next.settings;
  for (const r of plan.refused)
    deps.out.log("error", `reload refused a change to ${r.setting}: a restart is needed`, {
      setting: r.setting,
      running: r.running,
      requested: r.requested,
      reason: r.reason,
    });
  if (plan.enforcement !== "keep") {
    await d.enforcement.drain();
    const built = buildEnforcement(next, deps.runner, deps.clock, deps.out, d.events());
    if (plan.enforcement === "replace") await d.enforcement.teardown();
    await setUpEnforcement(built.enforcement, deps.out);
    d.plan = built.plan;
    d.enforcement = built.enforcement;
  }
  d.settings = next;
  d.hostAddresses = plan.next.hostAddresses;
  if (plan.engine) d.replaceLoop();
  if (plan.alerts) {
    void d.alerts.queue?.drain(next.alerts.timeoutMs);
    d.alerts = alertSink(next.alerts, deps.env, deps.clock, deps.sleep, deps.out, () => d.audit);
  }
  if (plan.audit) {
    d.audit.flush();
    d.audit = d.newAudit(next);
  }
  if (plan.dashboard) await d.restartDashboard();
  await d.reconcile();
  d.audit.record("reload", {
    changed: plan.changed,
    ...(plan.refused.length > 0 ? { refused: plan.refused.map((r) => r.reason) } : {}),
  });
  d.audit.flush();
}
