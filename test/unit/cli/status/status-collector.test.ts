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

function world() {
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
