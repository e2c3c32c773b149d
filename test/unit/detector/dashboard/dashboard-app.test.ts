import { afterEach, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildDashboard } from "../../../../detector/dashboard/dashboard-app";
import { detectorMetrics } from "../../../../detector/dashboard/metrics";
import type { DashboardStatus } from "../../../../detector/dashboard/dashboard-status";
import { banRowFixture, statusFixture } from "./kit";

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function dashboard(): FastifyInstance {
  const status = statusFixture();
  app = buildDashboard(
    {
      status: () => status,
      ban: (ip) => status.bans.listed.find((b) => b.ip === ip),
      bans: (offset, limit) => ({
        total: 2,
        rows: status.bans.listed.slice(offset, offset + limit),
      }),
    },
    detectorMetrics(() => status),
    3,
  );
  return app;
}

describe("the dashboard app", () => {
  it("serves the page with its script and style from the bundle, under a strict CSP", async () => {
    const page = await dashboard().inject({ url: "/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toContain('<body data-refresh="3">');
    expect(page.body).toContain('<script src="/dashboard.js" defer></script>');
    expect(page.headers["content-security-policy"]).toContain(
      "default-src 'none'; script-src 'self'",
    );
    const script = await app!.inject({ url: "/dashboard.js" });
    expect(script.body).toContain('fetch("/api/status"');
    expect(script.body).not.toContain("innerHTML");
    expect((await app!.inject({ url: "/dashboard.css" })).headers["content-type"]).toBe(
      "text/css; charset=utf-8",
    );
  });

  it("answers the JSON API: status, a page of bans, one ban by address or prefix, 404 otherwise", async () => {
    const a = dashboard();
    expect((await a.inject({ url: "/api/status" })).json()).toMatchObject({
      bans: { active: 2 },
      engine: { globalRate: 14.5 },
    });
    expect((await a.inject({ url: "/api/bans?offset=1&limit=1" })).json()).toEqual({
      total: 2,
      rows: [banRowFixture("2001:db8:1:2::/64")],
    });
    const v6 = await a.inject({ url: `/api/bans/${encodeURIComponent("2001:db8:1:2::/64")}` });
    expect(v6.json()).toEqual(banRowFixture("2001:db8:1:2::/64"));
    const missing = await a.inject({ url: "/api/bans/192.0.2.1" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: "192.0.2.1 is not banned", statusCode: 404 });
    expect((await a.inject({ url: "/api/bans?limit=0" })).statusCode).toBe(400);
  });

  it("exports /metrics by Prometheus's naming guide: bans by rule, unbans by reason, states as labels, units in names", async () => {
    const text = (await dashboard().inject({ url: "/metrics" })).body;
    for (const line of [
      "swiftdeploy_detector_log_lines_total 5000",
      'swiftdeploy_detector_bad_lines_total{reason="notJson"} 2',
      'swiftdeploy_detector_bad_lines_total{reason="tooLong"} 0',
      'swiftdeploy_detector_bans_total{rule="zscore"} 2',
      'swiftdeploy_detector_bans_total{rule="error-share"} 1',
      'swiftdeploy_detector_bans_total{rule="multiplier"} 0',
      'swiftdeploy_detector_bans_total{rule="operator"} 0',
      'swiftdeploy_detector_unbans_total{reason="ban-expired"} 1',
      'swiftdeploy_detector_unbans_total{reason="operator-lift"} 0',
      "swiftdeploy_detector_early_lines_total 3",
      "swiftdeploy_detector_late_lines_total 7",
      "swiftdeploy_detector_active_bans 2",
      "swiftdeploy_detector_global_requests_per_second 14.5",
      "swiftdeploy_detector_global_baseline_mean_requests_per_second 12",
      "swiftdeploy_detector_client_limit_requests_per_second 3",
      'swiftdeploy_detector_set_entries{set="sd-v4"} 950',
      'swiftdeploy_detector_set_capacity_entries{set="sd-v4"} 1000',
      'swiftdeploy_detector_set_fill_ratio{set="sd-v4"} 0.95',
      "swiftdeploy_detector_alert_messages_dropped_total 2",
      "swiftdeploy_detector_alert_messages_coalesced_total 30",
      "swiftdeploy_detector_enforcement_failures_total 4",
      'swiftdeploy_detector_selftest_state{state="not-run"} 1',
      'swiftdeploy_detector_selftest_state{state="passed"} 0',
      'swiftdeploy_detector_selftest_state{state="failed"} 0',
      'swiftdeploy_detector_breaker_state{state="armed"} 1',
      'swiftdeploy_detector_breaker_state{state="tripped"} 0',
      "swiftdeploy_detector_untracked_lines_total 700",
      "swiftdeploy_detector_heavy_hitters_admitted_total 3",
      "swiftdeploy_detector_pressure_evictions_total 3",
      "swiftdeploy_detector_prefix_aggregations_total 5",
      "swiftdeploy_detector_aggregated_prefixes 2",
      "swiftdeploy_detector_breaker_throttled_bans_total 4",
      "swiftdeploy_detector_breaker_auto_resets_total 1",
    ])
      expect(text.split("\n")).toContain(line);
    expect(text).toContain("swiftdeploy_detector_process_resident_memory_bytes");
    expect(text).not.toMatch(
      /_rps\b|_ok\b|_depth\b|swiftdeploy_detector_bans_total \d|nodejs_active_handles_total/,
    );
  });

  it("exports a failed self-test, a tripped breaker and an unbounded client limit as such", async () => {
    const failing = {
      ...statusFixture(),
      enforcement: {
        ...statusFixture().enforcement,
        selftest: { ok: false } as unknown as DashboardStatus["enforcement"]["selftest"],
      },
      breaker: {
        ...statusFixture().breaker,
        tripped: {} as unknown as DashboardStatus["breaker"]["tripped"],
      },
      engine: {
        ...statusFixture().engine,
        limits: { ...statusFixture().engine.limits, limitRps: Number.POSITIVE_INFINITY },
      },
    } as DashboardStatus;
    const text = await detectorMetrics(() => failing).metrics();
    for (const line of [
      'swiftdeploy_detector_selftest_state{state="failed"} 1',
      'swiftdeploy_detector_selftest_state{state="not-run"} 0',
      'swiftdeploy_detector_breaker_state{state="tripped"} 1',
      'swiftdeploy_detector_breaker_state{state="armed"} 0',
      "swiftdeploy_detector_client_limit_requests_per_second +Inf",
    ])
      expect(text.split("\n")).toContain(line);
  });

  it("counts on from the last scrape: a later scrape adds only what the status added", async () => {
    let status = statusFixture();
    const registry = detectorMetrics(() => status);
    await registry.metrics();
    status = {
      ...status,
      counters: { ...status.counters, bansByRule: { zscore: 5, "error-share": 1, multiplier: 2 } },
    };
    const text = await registry.metrics();
    expect(text).toContain('swiftdeploy_detector_bans_total{rule="zscore"} 5');
    expect(text).toContain('swiftdeploy_detector_bans_total{rule="multiplier"} 2');
  });
});
