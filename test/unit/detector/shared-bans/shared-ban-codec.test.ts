import { describe, expect, it } from "vitest";
import {
  dataKey,
  decodeBanList,
  decodeSharedBan,
  encodeSharedBan,
  sharedUntilMs,
  type SharedBan,
} from "../../../../detector/shared-bans/shared-ban-codec";

const BAN: SharedBan = {
  ip: "203.0.113.9",
  family: 4,
  until: "2026-04-27T00:10:00.000Z",
  rule: "zscore",
  node: "edge-1",
  at: "2026-04-27T00:00:00.000Z",
};

describe("shared ban codec", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["198.51.100.0/24", "198.51.100.0-24"],
    ["2001:db8::1", "2001_db8__1"],
    ["2001:db8:1:2::/64", "2001_db8_1_2__-64"],
  ])("names the data key of %s %s (letters, digits, -, _ and . only)", (ip, key) => {
    expect(dataKey(ip)).toBe(key);
    expect(key).toMatch(/^[-._a-zA-Z0-9]+$/);
  });

  it("reads back what it writes, permanent bans included", () => {
    expect(decodeSharedBan(encodeSharedBan(BAN))).toEqual(BAN);
    const permanent = { ...BAN, until: null };
    expect(decodeSharedBan(encodeSharedBan(permanent))).toEqual(permanent);
    expect(sharedUntilMs(permanent)).toBe(Number.POSITIVE_INFINITY);
    expect(sharedUntilMs(BAN)).toBe(Date.UTC(2026, 3, 27, 0, 10));
  });

  it.each([
    ["not JSON", "{"],
    ["a wrong family", JSON.stringify({ ...BAN, family: 6 })],
    ["a key that is not canonical", JSON.stringify({ ...BAN, ip: "203.0.113.9/32" })],
    ["a bad until", JSON.stringify({ ...BAN, until: "soon" })],
    ["no at", JSON.stringify({ ...BAN, at: undefined })],
    ["null", "null"],
  ])("refuses %s", (_what, value) => {
    expect(decodeSharedBan(value)).toBeUndefined();
  });

  it("lists the well-formed bans of a ConfigMap's data by ban key, skipping values under another key", () => {
    const v6 = { ...BAN, ip: "2001:db8:1:2::/64", family: 6 as const };
    const list = decodeBanList({
      [dataKey(BAN.ip)]: encodeSharedBan(BAN),
      [dataKey(v6.ip)]: encodeSharedBan(v6),
      "198.51.100.1": encodeSharedBan(BAN),
      junk: "x",
    });
    expect([...list.keys()]).toEqual([BAN.ip, v6.ip]);
    expect(decodeBanList(undefined).size).toBe(0);
  });
});
