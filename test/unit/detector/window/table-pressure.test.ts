import { describe, expect, it } from "vitest";
import { bucketLayout } from "../../../../detector/window/bucket-layout";
import { ClientTable, SlotFlag } from "../../../../detector/window/client-table";
import { WidePrefix } from "../../../../detector/window/prefix-aggregation";
import { TablePressure, type PressureSettings } from "../../../../detector/window/table-pressure";

const layout = bucketLayout(60);
const aggregate = { enabled: true, ipv4Prefix: 24, ipv6Prefix: 48, minClients: 4 };
const settings: PressureSettings = { heavyHitters: 64, aggregate, alertEverySeconds: 300 };

/** A full table of `size` IPv4 clients (ids 1..size, each /24 its own) with `requests` each at 100. */
function fullTable(size: number, requests: number, options: Partial<PressureSettings> = {}) {
  const table = new ClientTable(layout, size);
  for (let i = 1; i <= size; i++) {
    const slot = table.add(i << 8, 32, 0);
    for (let k = 0; k < requests; k++) table.hit(slot, 100, false);
  }
  const evicted: number[] = [];
  const banned = new Set<number | string>();
  const pressure = new TablePressure(
    table,
    layout,
    { ...settings, ...options },
    { ipv4: 32, ipv6: 64 },
    { onEvict: (slot) => evicted.push(slot), isBanned: (id) => banned.has(id) },
  );
  return { table, pressure, evicted, banned };
}

describe("TablePressure: admission into a full table", () => {
  it("never lets a one-off newcomer displace anyone, and counts its line as untracked", () => {
    const { table, pressure, evicted } = fullTable(1000, 1);
    for (let i = 0; i < 500; i++) expect(pressure.admit(0x0b000000 + (i << 8), 32, 110)).toBe(-1);
    expect(pressure.untrackedLines).toBe(500);
    expect(evicted).toEqual([]);
    expect(table.size).toBe(1000);
  });

  it("admits a newcomer seen more often than the idlest sampled client, with the requests the sketch counted", () => {
    const { table, pressure, evicted } = fullTable(1000, 1);
    table.hit(table.findV4(1 << 8), 105, false); // the first sampled client is not the idlest
    const newcomer = 0x0c000001;
    expect(pressure.admit(newcomer, 32, 110)).toBe(-1); // seen once: never displaces anyone
    const slot = pressure.admit(newcomer, 32, 111); // seen twice: more than the idlest's one
    expect(slot).toBe(1); // slot 0, the first sampled, was busier more recently
    expect(table.findV4(newcomer)).toBe(slot);
    expect(evicted).toEqual([1]);
    expect(table.findV4(1 << 8)).toBe(0);
    expect(table.findV4(2 << 8)).toBe(-1);
    // the sketch's earlier line is seeded; the caller counts the current one itself
    expect(table.totals[slot]).toBe(1);
    expect(pressure).toMatchObject({ admitted: 1, evicted: 1, untrackedLines: 1 });
  });
});

describe("TablePressure: merging crowded prefixes", () => {
  it("merges every /24 holding minClients tracked clients into one client with their summed window", () => {
    const table = new ClientTable(layout, 1000);
    const base = 0x0a010200; // 10.1.2.0/24
    for (let i = 1; i <= 6; i++) {
      const slot = table.add(base + i, 32, i === 6 ? SlotFlag.Banned : 0);
      table.hit(slot, 100, i % 2 === 0);
    }
    for (let i = 7; i < 1000; i++) table.add((0x0b000000 + (i << 8)) | 0, 32, 0);
    const pressure = new TablePressure(
      table,
      layout,
      settings,
      { ipv4: 32, ipv6: 64 },
      { onEvict: () => undefined, isBanned: () => false },
    );
    const newcomer = pressure.admit(0x0c000001, 32, 101); // the merge made room
    expect(table.findV4(0x0c000001)).toBe(newcomer);
    const merged = pressure.aggregateOf(base + 200, 32);
    expect(merged).toBeGreaterThanOrEqual(0);
    expect(table.clientKey(merged)).toEqual({ family: 4, id: base, prefix: 24 });
    expect(table.totals[merged]).toBe(5);
    expect(table.errorTotals[merged]).toBe(2);
    expect(table.findV4(base + 1)).toBe(-1);
    expect(table.findV4(base + 6)).toBeGreaterThanOrEqual(0); // banned: kept apart
    expect(pressure).toMatchObject({ aggregated: 1, aggregations: 1 });
  });

  it("merges IPv6 /64s into their /48, starts the prefix banned when it already is, and leaves allowlisted keys apart", () => {
    const table = new ClientTable(layout, 1000);
    const slash64 = (n: number) => String.fromCharCode(0x2001, 0x0db8, 0x00a0, n);
    for (let n = 1; n <= 5; n++) table.add(slash64(n), 64, 0);
    const allowed = "A" + String.fromCharCode(0x2001, 0x0db8, 0x00a0, 9, 0, 0, 0, 7);
    table.add(allowed, 128, SlotFlag.Allowed);
    for (let i = 6; i < 1000; i++) table.add(i << 8, 32, 0);
    const wide = String.fromCharCode(0x2001, 0x0db8, 0x00a0);
    const pressure = new TablePressure(
      table,
      layout,
      settings,
      { ipv4: 32, ipv6: 64 },
      { onEvict: () => undefined, isBanned: (id, prefix) => id === wide && prefix === 48 },
    );
    pressure.admit(0x0c000001, 32, 101);
    const merged = table.findV6(wide);
    expect(pressure.isAggregate(merged)).toBe(true);
    expect(table.flags[merged]).toBe(SlotFlag.Banned);
    expect(pressure.aggregateOf(slash64(300), 64)).toBe(merged);
    expect(pressure.aggregateOf(allowed, 128)).toBe(-1);
    expect(table.findV6(allowed)).toBeGreaterThanOrEqual(0);
  });

  it("merges nothing when no prefix holds minClients clients", () => {
    const { pressure } = fullTable(1000, 1, { aggregate: { ...aggregate, minClients: 2 } });
    pressure.admit(0x0c000001, 32, 100);
    expect(pressure.aggregations).toBe(0); // every /24 holds one client
    expect(pressure.untrackedLines).toBe(1);
  });
});

describe("TablePressure: reports", () => {
  it("reports untracked lines with the sketch's top sources, then waits alertEverySeconds", () => {
    const { pressure } = fullTable(1000, 10); // busier than any newcomer here
    for (let k = 0; k < 7; k++) pressure.admit(0x0d000001, 32, 110);
    pressure.admit(0x0d000002, 32, 110);
    const report = pressure.report(111)!;
    expect(report.untrackedLines).toBe(8);
    expect(report.trackedClients).toBe(1000);
    expect(report.topSources.map((h) => [h.id, h.count])).toEqual([
      [0x0d000001, 7],
      [0x0d000002, 1],
    ]);
    pressure.admit(0x0d000003, 32, 120);
    expect(pressure.report(200)).toBeUndefined();
    expect(pressure.report(411)?.untrackedLines).toBe(1);
    expect(pressure.report(900)).toBeUndefined();
  });
});

describe("WidePrefix", () => {
  it("maps IPv4 addresses to their /24 and IPv6 /64s to their /48, except allowlisted keys and keys already that wide", () => {
    const w = new WidePrefix(aggregate, 32, 64);
    expect(w.of(0x0a010203, 32)).toBe(0x0a010200);
    expect(w.of(0xc0000201 | 0, 32)).toBe(0xc0000200 | 0);
    expect(w.of(4294967296 + 5, 32)).toBeUndefined();
    expect(w.of(String.fromCharCode(1, 2, 3, 4), 64)).toBe(String.fromCharCode(1, 2, 3));
    expect(w.of(String.fromCharCode(1, 2, 3), 48)).toBeUndefined();
    expect(
      new WidePrefix({ ...aggregate, ipv6Prefix: 44 }, 32, 64).of("\u0001\u0002\u00ff\u0004", 64),
    ).toBe("\u0001\u0002\u00f0");
    expect(new WidePrefix({ ...aggregate, enabled: false }, 32, 64).enabled).toBe(false);
    expect(new WidePrefix(aggregate, 24, 48).enabled).toBe(false);
  });
});
