import { describe, expect, it } from "vitest";
import { RecordingOpaClient } from "../../../../gate";
import type { LiveContainer } from "../../../../cli/live/containers";
import type { StatusProbe } from "../../../../cli/status/status-collector";
import { chaosOf, StatusCollector } from "../../../../cli/status/status-collector";
import { renderStatus } from "../../../../cli/status/status-view";
import { styles } from "../../../../cli/shell/terminal";
import { ManualClock } from "../../../../core/clock";
import { FakeApiMetrics } from "../../../kit/metrics/fake-api-metrics";

const container = (name: string, role: string, version: string | null): LiveContainer => ({
  name,
  role,
  version,
  address: "172.18.0.9",
  running: true,
  health: "healthy",
});

const CONF =
  "upstream swiftdeploy_api {\n    server api-stable:3000 weight=75;\n    server api-canary:3000 weight=25;\n}\n";

function world(edge?: StatusProbe["edge"]) {
  const clock = new ManualClock(Date.parse("2026-11-25T10:00:00Z"));
  const apis: Record<string, FakeApiMetrics> = {
    "api-stable-1.0.0": new FakeApiMetrics(),
    "api-canary-1.1.0": new FakeApiMetrics(),
  };
  const opa = RecordingOpaClient.denying(
    "Error rate 50.00% exceeds maximum 1.00% (10 of 20 requests failed)",
  );
  const probe: StatusProbe = {
    containers: async () => [
      container("api-canary-1.1.0", "api-canary", "1.1.0"),
      container("api-opa", "opa", null),
      container("api-stable-1.0.0", "api-stable", "1.0.0"),
    ],
    proxyConfig: async () => CONF,
    scrape: (c) => (apis[c.name] as FakeApiMetrics).scrape(clock.now()),
    opa: async () => opa,
    detector: async () => ({
      activeBans: 2,
      recent: [{ ip: "203.0.113.7", rule: "client-rate", until: null }],
      error: null,
    }),
    ...(edge === undefined ? {} : { edge }),
  };
  return { clock, apis, opa, collector: new StatusCollector(probe, 10, () => clock.now()) };
}

describe("StatusCollector", () => {
  it("reports the proxy's split, per-version numbers over the window, OPA's verdict and the bans", async () => {
    const w = world();
    await w.collector.collect();
    w.apis["api-stable-1.0.0"]?.serve(60, 200, 0.002);
    w.apis["api-canary-1.1.0"]?.serve(10, 500, 0.002).serve(10, 200, 0.002);
    w.clock.advance(3000);
    const snapshot = await w.collector.collect();
    expect(snapshot.mode).toBe("canary 1.1.0 at 25 %");
    expect(
      snapshot.versions.map((v) => [
        v.track,
        v.version,
        v.weight,
        v.stats?.requests,
        v.stats?.errorRate,
      ]),
    ).toEqual([
      ["stable", "1.0.0", 75, 60, 0],
      ["canary", "1.1.0", 25, 20, 0.5],
    ]);
    expect(snapshot.versions[1]?.stats?.windowSeconds).toBe(3);
    expect(snapshot.policy).toEqual({
      allow: false,
      verdict: "fail",
      reasons: ["Error rate 50.00% exceeds maximum 1.00% (10 of 20 requests failed)"],
    });
    expect(w.opa.queries[0]?.input).toMatchObject({
      window_seconds: 3,
      canary: { requests: 20, errors: 10 },
    });
    expect(snapshot.detector.activeBans).toBe(2);
  });

  it("has no numbers and no verdict on the first refresh (one scrape is no window)", async () => {
    const snapshot = await world().collector.collect();
    expect(snapshot.versions.every((v) => v.stats === null)).toBe(true);
    expect(snapshot.policy).toBeNull();
  });

  it("renders a screen with the mode, the table, the verdict and the bans", async () => {
    const w = world();
    await w.collector.collect();
    w.apis["api-canary-1.1.0"]?.serve(10, 500, 0.002).serve(10, 200, 0.002);
    w.clock.advance(3000);
    const lines = renderStatus(
      await w.collector.collect(),
      "SwiftDeploy · stack dev",
      styles(false),
    );
    expect(lines[1]).toBe("mode      canary 1.1.0 at 25 %");
    expect(lines).toContain(
      "canary  1.1.0        25 %    6.7/s   50.00 %    2.5 ms        20  api-canary-1.1.0 (healthy)",
    );
    expect(lines).toContain(
      "policy    fail — Error rate 50.00% exceeds maximum 1.00% (10 of 20 requests failed)",
    );
    expect(lines).toContain("detector  2 active bans: 203.0.113.7 (client-rate)");
  });
});

describe("chaosOf", () => {
  it.each([
    [
      'app_chaos_state{state="none"} 0\napp_chaos_state{state="slow"} 0\napp_chaos_state{state="error"} 1',
      "error",
    ],
    ['app_chaos_state{state="none"} 1\napp_chaos_state{state="slow"} 0', "none"],
    ["http_requests_total 3", null],
  ])("reads the state at 1 of app_chaos_state from %j", (text, state) => {
    expect(chaosOf({ text, at: 0 })).toBe(state);
  });
});

describe("StatusCollector with Nginx's view", () => {
  it("shows each version as Nginx saw it over the window, and gives it to OPA", async () => {
    const spans: { from: number; to: number }[] = [];
    let bytes = 0;
    let clockNow = () => 0;
    const w = world({
      mark: async () => ({ bytes: (bytes += 500), at: clockNow() }),
      windows: async (from, to) => {
        spans.push({ from: from.bytes, to: to.bytes });
        return {
          canary: { requests: 30, errors: 9, p99_ms: 504, p99_beyond_buckets: false },
          stable: { requests: 60, errors: 0, p99_ms: 3, p99_beyond_buckets: false },
          unreadable: 0,
        };
      },
    });
    clockNow = () => w.clock.now();
    await w.collector.collect();
    w.apis["api-canary-1.1.0"]?.serve(20, 200, 0.002);
    w.clock.advance(3000);
    const snapshot = await w.collector.collect();
    expect(spans).toEqual([{ from: 500, to: 1000 }]);
    expect(snapshot.versions.map((v) => [v.track, v.edge?.requests, v.edge?.errors])).toEqual([
      ["stable", 60, 0],
      ["canary", 30, 9],
    ]);
    expect(w.opa.queries[0]?.input).toMatchObject({
      edge: { canary: { requests: 30, errors: 9 } },
    });
    const screen = renderStatus(snapshot, "status", styles(false)).join("\n");
    expect(screen).toMatch(/canary +at Nginx +10\.0\/s +30\.00 % +504 ms +30 +what users saw/);
  });
});
