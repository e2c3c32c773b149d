import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import type { DashboardStatus } from "./dashboard-status";

const P = "swiftdeploy_detector_";

/** A counter that follows a running total read at scrape time. */
function totalCounter(
  registry: Registry,
  name: string,
  help: string,
  read: (s: DashboardStatus) => number,
  status: () => DashboardStatus,
): void {
  let last = 0;
  new Counter({
    name: P + name,
    help,
    registers: [registry],
    collect() {
      const value = read(status());
      if (value > last) this.inc(value - last);
      last = Math.max(last, value);
    },
  });
}

function gauge(
  registry: Registry,
  name: string,
  help: string,
  read: (s: DashboardStatus, g: Gauge) => void,
  status: () => DashboardStatus,
  labelNames: string[] = [],
): void {
  new Gauge({
    name: P + name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      read(status(), this);
    },
  });
}

/** The `/metrics` registry (passed in, never global), read from the service's status at scrape. */
export function detectorMetrics(status: () => DashboardStatus): Registry {
  const r = new Registry();
  collectDefaultMetrics({ register: r, prefix: P });
  const t = (name: string, help: string, read: (s: DashboardStatus) => number) =>
    totalCounter(r, name, help, read, status);
  t("log_lines_total", "Log lines read.", (s) => s.counters.lines);
  t("bad_lines_total", "Log lines that could not be used.", (s) => s.counters.badLines);
  t(
    "early_lines_total",
    "Log lines stamped ahead of the clock by more than clockSkewSeconds (counted at that limit).",
    (s) => s.counters.earlyLines,
  );
  t(
    "late_lines_total",
    "Log lines older than the window when read (counted site-wide only).",
    (s) => s.counters.lateLines,
  );
  t("bans_total", "Ban decisions.", (s) => s.counters.bans);
  t("unbans_total", "Unban decisions (expired or lifted).", (s) => s.counters.unbans);
  t("alerts_total", "Global alert decisions (surge, breaker).", (s) => s.counters.alerts);
  t(
    "untracked_lines_total",
    "Lines counted only site-wide: their client did not fit in the full client table.",
    (s) => s.counters.untrackedLines,
  );
  t(
    "heavy_hitters_admitted_total",
    "Untracked clients admitted into the full client table on their heavy-hitter count.",
    (s) => s.counters.heavyHittersAdmitted,
  );
  t(
    "pressure_evictions_total",
    "Idle clients evicted from the full client table to make room for heavy hitters.",
    (s) => s.counters.pressureEvictions,
  );
  t(
    "prefix_aggregations_total",
    "Prefixes (/24, /48) merged into one client because they crowded the full client table.",
    (s) => s.counters.prefixAggregations,
  );
  t("alert_messages_sent_total", "Webhook messages delivered.", (s) => s.alerts.sent);
  t(
    "alert_messages_failed_total",
    "Webhook messages given up after retries.",
    (s) => s.alerts.failed,
  );
  t(
    "alert_messages_dropped_total",
    "Webhook messages dropped: queue full.",
    (s) => s.alerts.dropped,
  );
  t(
    "alert_messages_coalesced_total",
    "Ban/unban messages folded into digests.",
    (s) => s.alerts.coalesced,
  );
  t(
    "enforcement_failures_total",
    "Bans a backend refused or failed to apply.",
    (s) => s.enforcement.failures,
  );
  gauge(r, "active_bans", "Bans in force.", (s, g) => g.set(s.bans.active), status);
  gauge(
    r,
    "tracked_clients",
    "Clients counted in the window.",
    (s, g) => g.set(s.engine.trackedClients),
    status,
  );
  gauge(
    r,
    "aggregated_prefixes",
    "Prefixes counted as one client each now.",
    (s, g) => g.set(s.counters.aggregatedPrefixes),
    status,
  );
  gauge(
    r,
    "global_rate_rps",
    "Site requests per second over the window.",
    (s, g) => g.set(s.engine.globalRate),
    status,
  );
  gauge(
    r,
    "global_baseline_mean_rps",
    "Learned site rate mean.",
    (s, g) => g.set(s.engine.globalBaseline.mean),
    status,
  );
  gauge(
    r,
    "global_baseline_stddev_rps",
    "Learned site rate stddev.",
    (s, g) => g.set(s.engine.globalBaseline.stddev),
    status,
  );
  gauge(
    r,
    "client_limit_rps",
    "Rate above which one client is banned.",
    (s, g) => g.set(Number.isFinite(s.engine.limits.limitRps) ? s.engine.limits.limitRps : -1),
    status,
  );
  gauge(
    r,
    "enforcement_queue_depth",
    "Ban updates waiting for the next batch.",
    (s, g) => g.set(s.enforcement.queueDepth),
    status,
  );
  gauge(
    r,
    "set_entries",
    "Entries in each ban set.",
    (s, g) => s.enforcement.fill.forEach((f) => g.set({ set: f.name }, f.entries)),
    status,
    ["set"],
  );
  gauge(
    r,
    "set_capacity",
    "Capacity of each ban set.",
    (s, g) => s.enforcement.fill.forEach((f) => g.set({ set: f.name }, f.capacity)),
    status,
    ["set"],
  );
  gauge(
    r,
    "set_fill_ratio",
    "Entries / capacity of each ban set.",
    (s, g) =>
      s.enforcement.fill.forEach((f) =>
        g.set({ set: f.name }, f.capacity > 0 ? f.entries / f.capacity : 0),
      ),
    status,
    ["set"],
  );
  gauge(
    r,
    "selftest_ok",
    "Last enforcement self-test: 1 passed, 0 failed, -1 not run.",
    (s, g) =>
      g.set(
        s.enforcement.selftest?.ok === true ? 1 : s.enforcement.selftest?.ok === false ? 0 : -1,
      ),
    status,
  );
  gauge(
    r,
    "breaker_tripped",
    "1 while the storm breaker throttles bans (only the worst offenders, within its budget).",
    (s, g) => g.set(s.breaker.tripped === null ? 0 : 1),
    status,
  );
  gauge(
    r,
    "breaker_held_bans",
    "Clients the throttling breaker refused to ban (at most 1,024 remembered).",
    (s, g) => g.set(s.breaker.held),
    status,
  );
  t(
    "breaker_throttled_bans_total",
    "Bans granted to the worst offenders while the breaker throttled.",
    (s) => s.breaker.throttledBans,
  );
  t(
    "breaker_auto_resets_total",
    "Times the breaker reset itself once the storm was over.",
    (s) => s.breaker.autoResets,
  );
  gauge(
    r,
    "alert_queue_depth",
    "Webhook messages waiting.",
    (s, g) => g.set(s.alerts.queued),
    status,
  );
  return r;
}
