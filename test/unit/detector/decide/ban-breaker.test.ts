import { describe, expect, it } from "vitest";
import { DetectorSettingsSchema } from "../../../../core/detector-settings";
import { banActor } from "../../../../detector/decide/ban-actor";
import { BanBreaker, type BanCandidate } from "../../../../detector/decide/ban-breaker";
import { BanContenders } from "../../../../detector/decide/ban-contenders";
import { BanRecord } from "../../../../detector/decide/ban-record";

const breaker = (s: Record<string, unknown> = {}) =>
  new BanBreaker(DetectorSettingsSchema.parse({ breaker: s }).breaker);

/** Client `n`, its own actor, `score` times the per-client mean. */
const client = (n: number, score = 50): BanCandidate => ({ id: n, actor: n, score });

describe("the ban breaker", () => {
  it("allows max(minBans, share × active clients) actors per period, then trips with the figures", () => {
    const b = breaker({ maxShare: 0.1, minBans: 3, periodSeconds: 60 });
    for (let i = 0; i < 5; i++) expect(b.admit(i * 1000, 50, client(i))).toBe("allow");
    expect(b.admit(5000, 50, client(5))).toEqual({
      reason: "share",
      atMs: 5000,
      bansInPeriod: 5,
      actorsInPeriod: 5,
      periodSeconds: 60,
      activeClients: 50,
      maxShare: 0.1,
      allowed: 5,
      bansLastMinute: 5,
      maxPerMinute: 1000,
      throttleMinTimesMean: 10,
    });
    expect(b.held).toBe(1);
  });

  it("counts bans of one actor once: a /48's /64s do not use up the share", () => {
    const b = breaker({ maxShare: 0, minBans: 2 });
    const slash48 = String.fromCharCode(0x2001, 0xdb8, 0xbad);
    for (let n = 1; n <= 100; n++) {
      const id = slash48 + String.fromCharCode(n);
      const actor = banActor(id, 64, { ipv4: 32, ipv6: 48 });
      expect(b.admit(n, 500, { id, actor, score: 20 })).toBe("allow");
    }
    expect(b.admit(200, 500, client(1))).toBe("allow");
    expect(b.admit(201, 500, client(2))).toMatchObject({ reason: "share", actorsInPeriod: 2 });
  });

  it("forgets bans older than the period", () => {
    const b = breaker({ maxShare: 0, minBans: 2, periodSeconds: 60 });
    expect(b.admit(0, 10, client(1))).toBe("allow");
    expect(b.admit(1000, 10, client(2))).toBe("allow");
    expect(b.admit(61_000, 10, client(3))).toBe("allow");
    expect(b.admit(62_000, 10, client(4))).toBe("allow");
    expect(b.admit(63_000, 10, client(5))).toMatchObject({ reason: "share", actorsInPeriod: 2 });
  });

  it("throttles once tripped: within the budget only the worst offenders, strongest first", () => {
    const b = breaker({ maxShare: 0, minBans: 2, periodSeconds: 60 });
    b.admit(0, 10, client(1));
    b.admit(0, 10, client(2));
    expect(b.admit(0, 10, client(3, 50))).toMatchObject({ reason: "share" });
    expect(b.admit(59_500, 10, client(3, 50))).toBe("held"); // no budget yet
    expect(b.admit(60_000, 10, client(4, 5))).toBe("held"); // budget, but too weak (< 10×)
    expect(b.admit(60_000, 10, client(5, 20))).toBe("held"); // 3 is stronger, and asked 0.5 s ago
    expect(b.admit(60_500, 10, client(3, 50))).toBe("allow");
    expect(b.admit(60_600, 10, client(5, 20))).toBe("allow");
    expect(b.admit(60_700, 10, client(6, 90))).toBe("held"); // budget spent again
    expect(b.throttledBans).toBe(2);
    expect(b.tripped?.reason).toBe("share");
  });

  it("resets by itself once no period asked for more than the budget for autoResetMinutes", () => {
    const b = breaker({ maxShare: 0, minBans: 2, periodSeconds: 60, autoResetMinutes: 10 });
    b.admit(0, 10, client(1));
    b.admit(0, 10, client(2));
    b.admit(0, 10, client(3, 2));
    for (let n = 4; n < 10; n++) b.admit(30_000, 10, client(n, 2)); // a storm: 7 actors > 2
    expect(b.expire(60_000, 10)).toBeUndefined();
    b.admit(70_000, 10, client(4, 2)); // one actor asking: no storm
    expect(b.expire(120_000, 10)).toBeUndefined();
    expect(b.expire(659_000, 10)).toBeUndefined();
    expect(b.expire(660_000, 10)?.atMs).toBe(0);
    expect(b.tripped).toBeUndefined();
    expect([b.held, b.autoResets]).toEqual([0, 1]);
    expect(b.admit(661_000, 10, client(4, 2))).toBe("allow");
  });

  it("stays tripped across a restart, and its storm clock carries on in log time", () => {
    const b = breaker({ minBans: 1, maxShare: 0 });
    b.admit(0, 1, client(1));
    b.admit(1, 1, client(2));
    const restored = breaker({ minBans: 1, maxShare: 0 });
    restored.load(JSON.parse(JSON.stringify(b.save())));
    expect(restored.tripped?.reason).toBe("share");
    expect(restored.admit(60_000, 1, client(3, 1))).toBe("held");
    expect(restored.expire(599_000, 1)).toBeUndefined();
    expect(restored.expire(600_001, 1)?.atMs).toBe(1);
  });

  it("restores a trip saved before throttling existed, and never resets by itself with autoResetMinutes 0", () => {
    const b = breaker({ minBans: 1, maxShare: 0, autoResetMinutes: 0 });
    b.load({
      trip: {
        reason: "share",
        atMs: 5,
        bansInPeriod: 1,
        periodSeconds: 60,
        activeClients: 1,
        maxShare: 0,
        allowed: 1,
        bansLastMinute: 1,
        maxPerMinute: 1000,
      },
      held: 3,
    });
    expect(b.tripped).toMatchObject({ actorsInPeriod: 1, throttleMinTimesMean: 10 });
    expect(b.expire(86_400_000, 1)).toBeUndefined();
    expect(b.reset()?.atMs).toBe(5);
    expect(b.admit(86_400_001, 1, client(1))).toBe("allow");
  });

  it("applies the hard cap per minute, tripped or not", () => {
    const b = breaker({ maxShare: 1, maxPerMinute: 2 });
    expect(b.admit(0, 100, client(1))).toBe("allow");
    expect(b.admit(1, 100, client(2))).toBe("allow");
    expect(b.admit(2, 100, client(3))).toMatchObject({ reason: "per-minute", bansLastMinute: 2 });
    expect(b.admit(59_000, 100, client(3))).toBe("held");
    expect(b.admit(60_001, 100, client(3))).toBe("allow");
  });

  it("does nothing when disabled", () => {
    const b = breaker({ enabled: false, minBans: 1, maxShare: 0 });
    for (let i = 0; i < 1000; i++) expect(b.admit(i, 1, client(i, 0))).toBe("allow");
  });
});

describe("the breaker's parts", () => {
  it("BanRecord counts distinct actors in the period and bans in the last minute", () => {
    const r = new BanRecord(120_000);
    r.add(0, "a");
    r.add(10_000, "a");
    r.add(70_000, "b");
    r.advance(70_000);
    expect([r.actorsInPeriod, r.bansInPeriod, r.bansLastMinute]).toEqual([2, 3, 1]);
    r.advance(125_000);
    expect([r.actorsInPeriod, r.bansInPeriod, r.has("a"), r.has("b")]).toEqual([2, 2, true, true]);
    r.advance(130_000);
    expect([r.actorsInPeriod, r.has("a")]).toEqual([1, false]);
  });

  it("BanContenders ranks fresh contenders and gives way to a stronger one when full", () => {
    const c = new BanContenders(2);
    c.note(1, 30, 0);
    c.note(2, 20, 0);
    expect(c.outranks(2, 20, 100)).toBe(true);
    expect(c.outranks(1, 30, 100)).toBe(false);
    c.note(3, 10, 100); // weaker than both: not remembered
    expect(c.size).toBe(2);
    c.note(3, 40, 200); // stronger than the weakest: replaces it
    expect(c.outranks(1, 30, 1000)).toBe(true);
    expect(c.outranks(1, 30, 5000)).toBe(false); // 3 went stale (2 s without a line)
    c.delete(3);
    expect(c.size).toBe(1);
  });

  it("banActor groups IPv6 keys by /48 and IPv4 keys by the configured prefix", () => {
    const p = { ipv4: 24, ipv6: 48 };
    expect(banActor(String.fromCharCode(1, 2, 3, 4), 64, p)).toBe(String.fromCharCode(1, 2, 3));
    expect(banActor(String.fromCharCode(1, 2, 3), 48, p)).toBe(String.fromCharCode(1, 2, 3));
    expect(banActor(0x0a000105, 32, p)).toBe(0x0a000100);
    expect(banActor(0x0a000105, 32, { ipv4: 32, ipv6: 48 })).toBe(0x0a000105);
  });
});
