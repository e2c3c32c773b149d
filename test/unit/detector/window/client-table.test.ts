import { describe, expect, it } from "vitest";
import { bucketLayout } from "../../../../detector/window/bucket-layout";
import { ClientTable, SlotFlag } from "../../../../detector/window/client-table";
import { GlobalWindow } from "../../../../detector/window/global-window";

describe("ClientTable", () => {
  it("counts requests and errors over a sliding 60 s window in log time", () => {
    const t = new ClientTable(bucketLayout(60), 10_000);
    const a = t.add(0x0a000001, 32, 0);
    for (let s = 1000; s < 1030; s++) t.hit(a, s, s % 3 === 0);
    expect(t.totals[a]).toBe(30);
    expect(t.errorTotals[a]).toBe(10);
    t.advance(a, 1059);
    expect(t.totals[a]).toBe(30);
    t.advance(a, 1070);
    expect(t.totals[a]).toBe(19);
    t.advance(a, 1089);
    expect(t.totals[a]).toBe(0);
    expect(t.errorTotals[a]).toBe(0);
  });

  it("counts a late line in its own second while it is inside the window, and refuses older ones", () => {
    const t = new ClientTable(bucketLayout(60), 10_000);
    const a = t.add(1, 32, 0);
    t.hit(a, 2000, false);
    expect(t.hit(a, 1990, false)).toBe(true);
    expect(t.hit(a, 1940, false)).toBe(false);
    expect(t.totals[a]).toBe(2);
    t.advance(a, 2050);
    expect(t.totals[a]).toBe(1);
  });

  it("uses wider buckets beyond 60 s so memory per client stays fixed", () => {
    expect(bucketLayout(60)).toEqual({ windowSeconds: 60, buckets: 60, bucketSeconds: 1 });
    expect(bucketLayout(300)).toEqual({ windowSeconds: 300, buckets: 60, bucketSeconds: 5 });
    const t = new ClientTable(bucketLayout(300), 10_000);
    const a = t.add(1, 32, 0);
    t.hit(a, 10_000, false);
    t.advance(a, Math.floor(10_299 / 5));
    expect(t.totals[a]).toBe(1);
    t.advance(a, Math.floor(10_300 / 5));
    expect(t.totals[a]).toBe(0);
  });

  it("finds clients by key, evicts them, and reuses their slot with clean counters", () => {
    const t = new ClientTable(bucketLayout(60), 10_000);
    const a = t.add(7, 32, SlotFlag.Banned);
    const b = t.add("\u2001\u0db8\u0001\u0002", 64, 0);
    t.hit(a, 100, true);
    expect(t.findV4(7)).toBe(a);
    expect(t.findV6("\u2001\u0db8\u0001\u0002")).toBe(b);
    t.evict(a);
    expect(t.findV4(7)).toBe(-1);
    expect(t.size).toBe(1);
    const c = t.add(8, 32, 0);
    expect(c).toBe(a);
    expect(t.totals[c]).toBe(0);
    expect(t.flags[c]).toBe(0);
  });

  it("grows up to the cap, then refuses new clients and counts the refusals", () => {
    const t = new ClientTable(bucketLayout(60), 1500);
    for (let i = 0; i < 1500; i++) expect(t.add(i, 32, 0)).toBe(i);
    expect(t.add(99_999, 32, 0)).toBe(-1);
    expect(t.refused).toBe(1);
    t.hit(1499, 5, false);
    expect(t.totals[1499]).toBe(1);
  });
});

describe("ClientTable: seeding and merging clients", () => {
  it("seeds counts kept elsewhere into a bucket, and refuses them when older than the window", () => {
    const t = new ClientTable(bucketLayout(60), 10_000);
    const a = t.add(1, 32, 0);
    t.seed(a, 100, 40);
    t.hit(a, 130, false);
    expect(t.totals[a]).toBe(41);
    t.seed(a, 60, 5);
    expect(t.totals[a]).toBe(41);
    t.advance(a, 160);
    expect(t.totals[a]).toBe(1);
  });

  it("rekeys a client into a prefix and absorbs another's window into it; evicting the absorbed keeps the prefix's key", () => {
    const t = new ClientTable(bucketLayout(60), 10_000);
    const a = t.add(0x0a000001, 32, 0);
    const b = t.add(0x0a000000, 32, 0);
    t.hit(a, 100, false);
    t.hit(b, 90, true);
    t.hit(b, 95, false);
    t.rekey(a, 0x0a000000, 24);
    expect(t.findV4(0x0a000001)).toBe(-1);
    expect(t.findV4(0x0a000000)).toBe(a);
    t.absorb(a, b, 100);
    t.evict(b);
    expect(t.findV4(0x0a000000)).toBe(a);
    expect(t.clientKey(a)).toEqual({ family: 4, id: 0x0a000000, prefix: 24 });
    expect([t.totals[a], t.errorTotals[a], t.lastSeen[a]]).toEqual([3, 1, 100]);
    t.advance(a, 151);
    expect([t.totals[a], t.errorTotals[a]]).toEqual([2, 0]); // the error at 90 left the window
  });
});

describe("GlobalWindow", () => {
  it("gives the site's rate over the window", () => {
    const g = new GlobalWindow(bucketLayout(60));
    for (let s = 0; s < 60; s++) g.hit(s, 10);
    expect(g.rate()).toBe(10);
    g.advance(89);
    expect(g.total).toBe(300);
    g.advance(200);
    expect(g.rate()).toBe(0);
  });
});
