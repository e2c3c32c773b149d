import { describe, expect, it } from "vitest";
import { DetectorSettingsSchema } from "../../../core/detector-settings";

describe("the detector's service settings", () => {
  it("default to kernel bans with ipset, a loopback dashboard, alerts with retries and coalescing, the breaker and the self-test on", () => {
    const s = DetectorSettingsSchema.parse({});
    expect(s.dryRun).toBe(false);
    expect(s.clientAddressSource).toBe("peer");
    expect(s.trustedProxies).toEqual([]);
    expect(s.enforcement).toMatchObject({
      backend: "ipset",
      setName: "swiftdeploy",
      maxElements: 1_048_576,
      chains: { dockerUser: true, input: true },
      nginxDenyList: { path: null, reloadCommand: [] },
    });
    expect(s.dashboard).toEqual({
      enabled: true,
      bindAddress: "127.0.0.1",
      port: 9180,
      refreshSeconds: 2,
      historyMinutes: 10,
      maxBansListed: 200,
    });
    expect(s.alerts).toMatchObject({
      queueSize: 1000,
      timeoutMs: 5000,
      retries: 3,
      coalesce: { windowSeconds: 10, maxMessages: 5 },
    });
    expect(s.breaker).toMatchObject({
      enabled: true,
      maxShare: 0.2,
      minBans: 10,
      maxPerMinute: 1000,
      actorPrefix: { ipv4: 32, ipv6: 48 },
      throttleMinTimesMean: 10,
      autoResetMinutes: 10,
    });
    expect(s.selftest).toMatchObject({
      onStart: true,
      subnet: "198.18.255.252/30",
      onFailure: "alert",
    });
  });

  it("lists bad values with their paths", () => {
    const r = DetectorSettingsSchema.safeParse({
      enforcement: { backend: "pf", setName: "Bad Name" },
      dashboard: { bindAddress: "localhost" },
      trustedProxies: ["10.0.0.0/33"],
      selftest: { subnet: "198.18.0.0/24" },
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual([
      "trustedProxies.0",
      "enforcement.backend",
      "enforcement.setName",
      "dashboard.bindAddress",
      "selftest.subnet",
    ]);
  });
});
