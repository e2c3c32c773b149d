import { collectDefaultMetrics, Registry } from "prom-client";
import { BAD_LINE_NAMES } from "../parse/bad-line-reason";
import { Rule } from "../rules/rule-names";
import type { DashboardStatus } from "./dashboard-status";
import { gauge, METRIC_PREFIX, stateGauge, totalCounter } from "./metric-kinds";

const BAN_RULES = [Rule.ZScore, Rule.Multiplier, Rule.ErrorShare, Rule.OwnHistory, Rule.Operator];
const UNBAN_REASONS = [Rule.BanExpired, Rule.OperatorLift];
const ALERT_RULES = [
  Rule.GlobalSurge,
  Rule.GlobalSurgeEnd,
  Rule.BanBreaker,
  Rule.BanBreakerReset,
  Rule.UntrackedLines,
  Rule.BadLines,
];
const BAD_LINE_REASONS = BAD_LINE_NAMES.filter((n) => n !== "ok");
/**
 * prom-client's default gauges named `_total` (`promtool check metrics` flags them); each is the
 * sum over `type` of the `nodejs_active_*` gauge without the suffix, which stays.
 */
const MISNAMED_DEFAULT_METRICS = [
  "nodejs_active_handles_total",
  "nodejs_active_requests_total",
  "nodejs_active_resources_total",
];

/** The self-test's state: never run, last run passed, last run failed. */
function selftestState(s: DashboardStatus): "not-run" | "passed" | "failed" {
  const ok = s.enforcement.selftest?.ok;
  return ok === undefined ? "not-run" : ok ? "passed" : "failed";
}

/**
 * The `/metrics` registry (passed in, never global), read from the service's status at scrape.
 * Names follow Prometheus's naming guide (docs/metrics.md lists them): base units in the name,
 * `_total` on counters only, kinds and states as labels.
 */
export function detectorMetrics(status: () => DashboardStatus): Registry {
  const r = new Registry();
  collectDefaultMetrics({ register: r, prefix: METRIC_PREFIX });
  for (const name of MISNAMED_DEFAULT_METRICS) r.removeSingleMetric(METRIC_PREFIX + name);
  const total = (
    name: string,
    help: string,
    read: (s: DashboardStatus) => number | Readonly<Record<string, number>>,
    by?: { label: string; known: readonly string[] },
  ) => totalCounter(r, status, { name, help, read, label: by?.label, known: by?.known });
  const value = (name: string, help: string, read: (s: DashboardStatus) => number) =>
    gauge(r, status, { name, help, read: (s, g) => g.set(read(s)) });
  const perSet = (name: string, help: string, read: (e: number, c: number) => number) =>
    gauge(r, status, {
      name,
      help,
      labelNames: ["set"],
      read: (s, g) =>
        s.enforcement.fill.forEach((f) => g.set({ set: f.name }, read(f.entries, f.capacity))),
    });

  total("log_lines_total", "Log lines read.", (s) => s.counters.lines);
  total(
    "bad_lines_total",
    "Log lines that could not be used, by reason.",
    (s) => s.counters.badByReason,
    { label: "reason", known: BAD_LINE_REASONS },
  );
  total(
    "early_lines_total",
    "Log lines stamped ahead of the clock by more than clockSkewSeconds (counted at that limit).",
    (s) => s.counters.earlyLines,
  );
  total(
    "late_lines_total",
    "Log lines older than the window when read (counted site-wide only).",
    (s) => s.counters.lateLines,
  );
  total("bans_total", "Ban decisions, by the rule that fired.", (s) => s.counters.bansByRule, {
    label: "rule",
    known: BAN_RULES,
  });
  total(
    "unbans_total",
    "Unban decisions, by reason (ban-expired, operator-lift).",
    (s) => s.counters.unbansByReason,
    { label: "reason", known: UNBAN_REASONS },
  );
  total(
    "alerts_total",
    "Global alert decisions (surge, breaker, untracked or bad lines), by rule.",
    (s) => s.counters.alertsByRule,
    { label: "rule", known: ALERT_RULES },
  );
  total(
    "untracked_lines_total",
    "Lines counted only site-wide: their client did not fit in the full client table.",
    (s) => s.counters.untrackedLines,
  );
  total(
    "heavy_hitters_admitted_total",
    "Untracked clients admitted into the full client table on their heavy-hitter count.",
    (s) => s.counters.heavyHittersAdmitted,
  );
  total(
    "pressure_evictions_total",
    "Idle clients evicted from the full client table to make room for heavy hitters.",
    (s) => s.counters.pressureEvictions,
  );
  total(
    "prefix_aggregations_total",
    "Prefixes (/24, /48) merged into one client because they crowded the full client table.",
    (s) => s.counters.prefixAggregations,
  );
  total("alert_messages_sent_total", "Webhook messages delivered.", (s) => s.alerts.sent);
  total(
    "alert_messages_failed_total",
    "Webhook messages given up after retries.",
    (s) => s.alerts.failed,
  );
  total(
    "alert_messages_dropped_total",
    "Webhook messages dropped: queue full.",
    (s) => s.alerts.dropped,
  );
  total(
    "alert_messages_coalesced_total",
    "Ban/unban messages folded into digests.",
    (s) => s.alerts.coalesced,
  );
  total(
    "enforcement_failures_total",
    "Bans a backend refused or failed to apply.",
    (s) => s.enforcement.failures,
  );
  total(
    "breaker_throttled_bans_total",
    "Bans granted to the worst offenders while the breaker throttled.",
    (s) => s.breaker.throttledBans,
  );
  total(
    "breaker_auto_resets_total",
    "Times the breaker reset itself once the storm was over.",
    (s) => s.breaker.autoResets,
  );

  value("active_bans", "Bans in force.", (s) => s.bans.active);
  value("tracked_clients", "Clients counted in the window.", (s) => s.engine.trackedClients);
  value(
    "aggregated_prefixes",
    "Prefixes counted as one client each now.",
    (s) => s.counters.aggregatedPrefixes,
  );
  value(
    "global_requests_per_second",
    "Site requests per second over the window.",
    (s) => s.engine.globalRate,
  );
  value(
    "global_baseline_mean_requests_per_second",
    "Learned mean of the site's requests per second.",
    (s) => s.engine.globalBaseline.mean,
  );
  value(
    "global_baseline_stddev_requests_per_second",
    "Learned standard deviation of the site's requests per second.",
    (s) => s.engine.globalBaseline.stddev,
  );
  value(
    "client_limit_requests_per_second",
    "Rate above which one client is banned (+Inf while no rule can fire).",
    (s) => s.engine.limits.limitRps,
  );
  value(
    "enforcement_queued_updates",
    "Ban updates waiting for the next batch.",
    (s) => s.enforcement.queueDepth,
  );
  perSet("set_entries", "Entries in each ban set.", (entries) => entries);
  perSet("set_capacity_entries", "Capacity of each ban set.", (_, capacity) => capacity);
  perSet("set_fill_ratio", "Entries / capacity of each ban set.", (entries, capacity) =>
    capacity > 0 ? entries / capacity : 0,
  );
  stateGauge(r, status, {
    name: "selftest_state",
    help: "Last enforcement self-test: 1 on its state (passed, failed, not-run), 0 on the others.",
    states: ["passed", "failed", "not-run"],
    read: selftestState,
  });
  stateGauge(r, status, {
    name: "breaker_state",
    help: "Storm breaker: 1 on armed, or on tripped while it throttles bans (only the worst offenders, within its budget).",
    states: ["armed", "tripped"],
    read: (s) => (s.breaker.tripped === null ? "armed" : "tripped"),
  });
  value(
    "breaker_held_clients",
    "Clients the throttling breaker refused to ban (at most 1,024 remembered).",
    (s) => s.breaker.held,
  );
  value("alert_queued_messages", "Webhook messages waiting.", (s) => s.alerts.queued);
  return r;
}
