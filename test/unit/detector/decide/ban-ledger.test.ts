import { describe, expect, it } from "vitest";
import { BanLedger } from "../../../../detector/decide/ban-ledger";
import { settings } from "../../../kit/detector/lines";

const MIN = 60_000;
const HOUR = 3_600_000;

function ledger(bans = {}) {
  return new BanLedger(settings({ bans }).bans);
}

describe("BanLedger", () => {
  it("escalates 10 min, 30 min, 2 h, then permanent", () => {
    const l = ledger({ decayAfterHours: 0 });
    const terms = [0, 1, 2, 3].map((k) => {
      const at = k * 10 * HOUR;
      const term = l.ban("203.0.113.7", 4, 32, at);
      l.expire(at + 3 * HOUR, () => undefined);
      return term.durationMs;
    });
    expect(terms).toEqual([10 * MIN, 30 * MIN, 120 * MIN, null]);
    expect(l.isBanned("203.0.113.7")).toBe(true);
    expect(l.nextExpiryMs).toBe(Number.POSITIVE_INFINITY);
  });

  it("repeats the last step when permanent bans are off", () => {
    const l = ledger({ stepsMinutes: [1, 2], thenPermanent: false, decayAfterHours: 0 });
    const steps = [0, 1, 2].map((k) => {
      const term = l.ban("a", 4, 32, k * HOUR);
      l.expire(k * HOUR + 10 * MIN, () => undefined);
      return [term.step, term.durationMs];
    });
    expect(steps).toEqual([
      [1, MIN],
      [2, 2 * MIN],
      [3, 2 * MIN],
    ]);
  });

  it("ends bans when due, earliest first, and not before", () => {
    const l = ledger();
    l.ban("b", 4, 32, 5 * MIN);
    l.ban("a", 4, 32, 0);
    const ended: string[] = [];
    l.expire(10 * MIN - 1, (o) => ended.push(o.ip));
    expect(ended).toEqual([]);
    l.expire(20 * MIN, (o) => ended.push(o.ip));
    expect(ended).toEqual(["a", "b"]);
    expect(l.active).toBe(0);
    expect(l.nextExpiryMs).toBe(Number.POSITIVE_INFINITY);
  });

  it("falls back one step per quiet period after the last ban ended", () => {
    const l = ledger({ decayAfterHours: 24 });
    l.ban("c", 4, 32, 0);
    l.expire(10 * MIN, () => undefined);
    l.ban("c", 4, 32, HOUR);
    l.expire(HOUR + 30 * MIN, () => undefined);
    const o = l.get("c")!;
    expect(l.effectiveStep(o, HOUR + 30 * MIN + 23 * HOUR)).toBe(2);
    expect(l.effectiveStep(o, HOUR + 30 * MIN + 24 * HOUR)).toBe(1);
    expect(l.ban("c", 4, 32, HOUR + 30 * MIN + 25 * HOUR)).toMatchObject({
      step: 2,
      durationMs: 30 * MIN,
    });
  });

  it("forgets an offender whose record has decayed to clean", () => {
    const l = ledger({ decayAfterHours: 1 });
    l.ban("d", 4, 32, 0);
    l.expire(10 * MIN, () => undefined);
    l.prune(HOUR);
    expect(l.get("d")).toBeDefined();
    l.prune(10 * MIN + HOUR);
    expect(l.get("d")).toBeUndefined();
  });

  it("lifts a ban on demand", () => {
    const l = ledger();
    l.ban("e", 4, 32, 0);
    expect(l.lift("e", MIN)).toBe(true);
    expect(l.lift("e", MIN)).toBe(false);
    expect(l.isBanned("e")).toBe(false);
  });

  it("restores saved offenders, permanent bans included, and keeps their expiry", () => {
    const a = ledger({ stepsMinutes: [10], thenPermanent: true, decayAfterHours: 0 });
    a.ban("2001:db8::/64", 6, 64, 0);
    a.expire(HOUR, () => undefined);
    a.ban("2001:db8::/64", 6, 64, 2 * HOUR);
    a.ban("198.51.100.1", 4, 32, 2 * HOUR);
    const b = ledger({ stepsMinutes: [10], thenPermanent: true, decayAfterHours: 0 });
    b.load(JSON.parse(JSON.stringify(a.save())));
    expect(b.active).toBe(2);
    expect(b.get("2001:db8::/64")).toMatchObject({
      step: 2,
      untilMs: Number.POSITIVE_INFINITY,
      family: 6,
      prefix: 64,
    });
    const ended: string[] = [];
    b.expire(3 * HOUR, (o) => ended.push(o.ip));
    expect(ended).toEqual(["198.51.100.1"]);
  });
});

describe("BanLedger.hold (a ban decided on another node)", () => {
  const T = 1_000_000;
  it("holds until the given end, counts it active and ends it at that moment", () => {
    const l = ledger();
    expect(l.hold("203.0.113.7", 4, 32, T + 10 * MIN, T)).toBe(true);
    expect(l.isBanned("203.0.113.7")).toBe(true);
    expect(l.active).toBe(1);
    expect(l.nextExpiryMs).toBe(T + 10 * MIN);
    const ended: string[] = [];
    l.expire(T + 10 * MIN, (o) => ended.push(o.ip));
    expect(ended).toEqual(["203.0.113.7"]);
    expect(l.active).toBe(0);
  });

  it("keeps a longer ban in force and extends a shorter one without counting it twice", () => {
    const l = ledger();
    l.ban("203.0.113.7", 4, 32, T);
    expect(l.hold("203.0.113.7", 4, 32, T + 5 * MIN, T)).toBe(false);
    expect(l.hold("203.0.113.7", 4, 32, T + 60 * MIN, T)).toBe(true);
    expect(l.active).toBe(1);
    const ended: number[] = [];
    l.expire(T + 61 * MIN, (o) => ended.push(o.untilMs));
    expect(ended).toEqual([T + 60 * MIN]);
  });

  it("holds a permanent ban with no expiry", () => {
    const l = ledger();
    l.hold("203.0.113.7", 4, 32, Number.POSITIVE_INFINITY, T);
    expect(l.nextExpiryMs).toBe(Number.POSITIVE_INFINITY);
    expect(l.save()).toMatchObject([{ ip: "203.0.113.7", untilMs: null, step: 1 }]);
  });
});
