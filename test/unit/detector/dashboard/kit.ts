import type { BanRow, DashboardStatus } from "../../../../detector/dashboard/dashboard-status";

/** A ban row as the service builds it. */
export function banRowFixture(ip: string): BanRow {
  return {
    ip,
    rule: "zscore",
    step: 1,
    bannedAt: "2026-04-27T00:00:00.000Z",
    until: "2026-04-27T00:10:00.000Z",
    secondsLeft: 600,
    enforcedBy: "ipset",
    decision: null,
  };
}

/** A complete status with two bans and a nearly full set. */
export function statusFixture(): DashboardStatus {
  const stats = { mean: 12, stddev: 3, samples: 1800, source: "rolling" };
  return {
    now: "2026-04-27T00:01:00.000Z",
    startedAt: "2026-04-27T00:00:00.000Z",
    engine: {
      at: "2026-04-27T00:00:59.000Z",
      windowSeconds: 60,
      globalRate: 14.5,
      trackedClients: 120,
      activeClients: 100,
      globalBaseline: stats,
      clientBaseline: { ...stats, mean: 0.4 },
      limits: { limitRps: 3, tightLimitRps: 1.75, minRequests: 50, surgeFactor: 1 },
      top: [{ ip: "203.0.113.9", requests: 181, rate: 3.017 }],
    },
    counters: {
      lines: 5000,
      badLines: 2,
      badByReason: { notJson: 2 },
      bans: 3,
      unbans: 1,
      alerts: 0,
      bansByRule: { zscore: 2, "error-share": 1 },
      unbansByReason: { "ban-expired": 1 },
      alertsByRule: {},
      activeBans: 2,
      clients: 120,
      peakClients: 130,
      lateLines: 7,
      earlyLines: 3,
      untrackedLines: 700,
      heavyHittersAdmitted: 3,
      pressureEvictions: 3,
      aggregatedPrefixes: 2,
      prefixAggregations: 5,
      firstAt: null,
      lastAt: null,
    },
    series: [{ t: 1, requests: 10, windowRate: 9 }],
    bans: { active: 2, listed: [banRowFixture("203.0.113.9"), banRowFixture("2001:db8:1:2::/64")] },
    enforcement: {
      backends: ["ipset"],
      dryRun: false,
      fill: [{ name: "sd-v4", entries: 950, capacity: 1000 }],
      queueDepth: 0,
      failures: 4,
      selftest: null,
      problems: [],
    },
    breaker: { tripped: null, held: 0, throttledBans: 4, autoResets: 1 },
    alerts: {
      enabled: true,
      webhook: "https://hooks.example/…",
      sent: 7,
      failed: 1,
      dropped: 2,
      coalesced: 30,
      queued: 0,
    },
    process: { cpuPercent: 3.5, rssBytes: 90e6, heapUsedBytes: 40e6, uptimeSeconds: 60 },
  } as DashboardStatus;
}
