import { describe, expect, it } from "vitest";
import { DetectorSettingsSchema, isAddressOrCidr } from "../../../core/detector-settings";

describe("DetectorSettingsSchema", () => {
  it("gives full defaults for an empty section", () => {
    const s = DetectorSettingsSchema.parse({});
    expect(s).toMatchObject({
      windowSeconds: 60,
      ipv4Prefix: 32,
      ipv6Prefix: 64,
      allowlist: [],
      startAt: "end",
      baseline: {
        historyMinutes: 30,
        recomputeSeconds: 60,
        hourSlots: true,
        clientMeanFloorRps: 0.5,
      },
      rules: {
        minRequests: 50,
        zScore: { enabled: true, threshold: 5 },
        globalSurge: { enabled: true },
      },
      bans: { stepsMinutes: [10, 30, 120], thenPermanent: true, decayAfterHours: 24 },
      badLines: { maxLineBytes: 16_384 },
      tracking: {
        maxClients: 200_000,
        heavyHitters: 1024,
        aggregate: { enabled: true, ipv4Prefix: 24, ipv6Prefix: 48, minClients: 64 },
        alertEverySeconds: 300,
      },
    });
  });

  it("fills defaults inside a partly written group", () => {
    const s = DetectorSettingsSchema.parse({ rules: { zScore: { threshold: 3 } } });
    expect(s.rules.zScore).toEqual({ enabled: true, threshold: 3 });
    expect(s.rules.multiplier).toEqual({ enabled: true, factor: 10 });
  });

  it("lists every problem with its path: unknown keys, bad CIDRs, out-of-range numbers", () => {
    const r = DetectorSettingsSchema.safeParse({
      windowSecond: 60,
      allowlist: ["10.0.0.0/8", "10.0.0.0/33", "fe80::1%eth0"],
      ipv6Prefix: 8,
      rules: { errorShare: { minShare: 1.5 } },
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues.sort()).toEqual([
      ': Unrecognized key: "windowSecond"',
      'allowlist.1: "10.0.0.0/33" is not an IPv4/IPv6 address or CIDR (expected e.g. 10.0.0.0/8 or 2001:db8::/32)',
      'allowlist.2: "fe80::1%eth0" is not an IPv4/IPv6 address or CIDR (expected e.g. 10.0.0.0/8 or 2001:db8::/32)',
      "ipv6Prefix: Too small: expected number to be >=16",
      "rules.errorShare.minShare: Too big: expected number to be <=1",
    ]);
  });

  it.each([
    ["10.0.0.0/8", true],
    ["10.0.0.1", true],
    ["2001:db8::/32", true],
    ["::1", true],
    ["10.0.0.0/", false],
    ["10.0.0.0/8/8", false],
    ["host.example", false],
  ])("%s is an address or CIDR: %s", (text, ok) => {
    expect(isAddressOrCidr(text)).toBe(ok);
  });
});
