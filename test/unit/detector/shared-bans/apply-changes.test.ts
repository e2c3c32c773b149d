import { describe, expect, it } from "vitest";
import { applyChanges } from "../../../../detector/shared-bans/configmap-ban-list";
import { encodeSharedBan, type SharedBan } from "../../../../detector/shared-bans/shared-ban-codec";

const BAN: SharedBan = {
  ip: "2001:db8::1",
  family: 6,
  until: "2026-04-27T00:10:00.000Z",
  rule: "zscore",
  node: "edge-1",
  at: "2026-04-27T00:00:00.000Z",
};

describe("applyChanges", () => {
  it("puts a ban under its data key and reports no change when it is already there", () => {
    const data: Record<string, string> = {};
    expect(applyChanges(data, [{ put: BAN }])).toBe(true);
    expect(data).toEqual({ "2001_db8__1": encodeSharedBan(BAN) });
    expect(applyChanges(data, [{ put: BAN }])).toBe(false);
  });

  it("removes a key, unless its condition refuses what is there", () => {
    const data = { "2001_db8__1": encodeSharedBan(BAN) };
    expect(applyChanges(data, [{ remove: BAN.ip, removeIf: () => false }])).toBe(false);
    expect(applyChanges(data, [{ remove: "203.0.113.1" }])).toBe(false);
    expect(applyChanges(data, [{ remove: BAN.ip, removeIf: (b) => b.node === "edge-1" }])).toBe(
      true,
    );
    expect(data).toEqual({});
  });

  it("applies a batch in order", () => {
    const data: Record<string, string> = {};
    const later = { ...BAN, until: "2026-04-27T00:30:00.000Z" };
    applyChanges(data, [{ put: BAN }, { remove: BAN.ip }, { put: later }]);
    expect(data).toEqual({ "2001_db8__1": encodeSharedBan(later) });
  });
});
