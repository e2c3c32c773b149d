import { describe, expect, it } from "vitest";
import { DetectorSettingsSchema } from "../../../../core/detector-settings";
import { BanBreaker } from "../../../../detector/decide/ban-breaker";

const breaker = (s: Record<string, unknown> = {}) =>
  new BanBreaker(DetectorSettingsSchema.parse({ breaker: s }).breaker);

describe("the ban breaker", () => {
  it("allows max(minBans, share × active clients) bans per period, then trips with the figures", () => {
    const b = breaker({ maxShare: 0.1, minBans: 3, periodSeconds: 60 });
    for (let i = 0; i < 5; i++) expect(b.admit(i * 1000, 50)).toBe("allow");
    const trip = b.admit(5000, 50);
    expect(trip).toEqual({
      reason: "share",
      atMs: 5000,
      bansInPeriod: 5,
      periodSeconds: 60,
      activeClients: 50,
      maxShare: 0.1,
      allowed: 5,
      bansLastMinute: 5,
      maxPerMinute: 1000,
    });
    expect(b.admit(6000, 50)).toBe("held");
    expect(b.held).toBe(2);
  });

  it("forgets bans older than the period", () => {
    const b = breaker({ maxShare: 0, minBans: 2, periodSeconds: 60 });
    expect(b.admit(0, 10)).toBe("allow");
    expect(b.admit(1000, 10)).toBe("allow");
    expect(b.admit(61_000, 10)).toBe("allow");
    expect(b.admit(62_000, 10)).toBe("allow");
    expect(b.admit(63_000, 10)).toMatchObject({ reason: "share", bansInPeriod: 2 });
  });

  it("stays tripped until reset (saved and restored across a restart), or until the auto reset when configured", () => {
    const b = breaker({ minBans: 1, maxShare: 0 });
    b.admit(0, 1);
    b.admit(1, 1);
    const restored = breaker({ minBans: 1, maxShare: 0 });
    restored.load(JSON.parse(JSON.stringify(b.save())));
    expect(restored.tripped?.reason).toBe("share");
    expect(restored.admit(3_600_000, 1)).toBe("held");
    expect(restored.reset()?.atMs).toBe(1);
    expect(restored.admit(3_600_001, 1)).toBe("allow");
    const auto = breaker({ minBans: 1, maxShare: 0, autoResetMinutes: 10 });
    auto.admit(0, 1);
    auto.admit(1, 1);
    expect(auto.admit(599_000, 1)).toBe("held");
    expect(auto.admit(600_001, 1)).toBe("allow");
  });

  it("does nothing when disabled", () => {
    const b = breaker({ enabled: false, minBans: 1, maxShare: 0 });
    for (let i = 0; i < 1000; i++) expect(b.admit(i, 1)).toBe("allow");
  });
});
