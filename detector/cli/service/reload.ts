import type { DetectorSettings } from "../../../core/detector-settings";
import { alertSink } from "./alert-sink";
import { buildEnforcement, setUpEnforcement } from "./enforcement-setup";
import type { DetectorService } from "./service";

/** Sections whose change needs a new engine (the windows restart; bans, baseline, offset stay). */
const ENGINE_KEYS = [
  "logPath",
  "stateDir",
  "startAt",
  "pollMs",
  "windowSeconds",
  "clockSkewSeconds",
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
 * SIGHUP with a valid file: rebuilds only what changed. New backends (or a new set name) tear the
 * old kernel objects down first; a new engine keeps bans, baseline and read offset. Returns the
 * changed sections.
 */
export async function reloadService(s: DetectorService, next: DetectorSettings): Promise<string[]> {
  const old = s.settings;
  const same = (k: keyof DetectorSettings) => JSON.stringify(old[k]) === JSON.stringify(next[k]);
  const changed = (Object.keys(next) as (keyof DetectorSettings)[]).filter((k) => !same(k));
  if (ENFORCEMENT_KEYS.some((k) => !same(k))) {
    await s.enforcement.drain();
    const parts = buildEnforcement(next, s.deps.runner, s.deps.clock, s.deps.out, s.events());
    if (old.enforcement.setName !== next.enforcement.setName || s.plan.kernel !== parts.plan.kernel)
      await s.enforcement.teardown();
    await setUpEnforcement(parts.enforcement, s.deps.out);
    s.plan = parts.plan;
    s.enforcement = parts.enforcement;
  }
  s.settings = next;
  if (ENGINE_KEYS.some((k) => !same(k))) s.replaceDaemon(next);
  if (changed.includes("alerts")) {
    void s.alerts.queue?.drain(next.alerts.timeoutMs);
    s.alerts = alertSink(
      next.alerts,
      s.deps.env,
      s.deps.clock,
      s.deps.sleep,
      s.deps.out,
      () => s.audit,
    );
  }
  if (changed.includes("audit")) {
    s.audit.flush();
    s.audit = s.newAudit(next);
  }
  if (changed.includes("dashboard")) await s.restartDashboard();
  await s.reconcile();
  s.audit.record("reload", { changed });
  s.audit.flush();
  return changed;
}
