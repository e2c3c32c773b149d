import { describe, expect, it } from "vitest";
import { Allowlist } from "../../../../detector/address/allowlist";
import { parseCidr } from "../../../../detector/address/cidr";
import { parseAddress } from "../../../../detector/address/ip-parse";

function allows(list: Allowlist, ip: string): boolean {
  const a = parseAddress(ip)!;
  return a.family === 4 ? list.allowsV4(a.v4) : list.allowsV6(a.v6);
}

describe("Allowlist", () => {
  it("always allows loopback, even with no entries", () => {
    const list = new Allowlist([]);
    expect(allows(list, "127.0.0.1")).toBe(true);
    expect(allows(list, "127.255.0.9")).toBe(true);
    expect(allows(list, "::1")).toBe(true);
    expect(allows(list, "128.0.0.1")).toBe(false);
    expect(allows(list, "::2")).toBe(false);
  });

  it("always allows the host's own addresses", () => {
    const list = new Allowlist([], ["192.0.2.10", "2001:db8::10"]);
    expect(allows(list, "192.0.2.10")).toBe(true);
    expect(allows(list, "192.0.2.11")).toBe(false);
    expect(allows(list, "2001:db8::10")).toBe(true);
    expect(allows(list, "2001:db8::11")).toBe(false);
  });

  it.each([
    ["10.0.0.0/8", "10.255.1.2", true],
    ["10.0.0.0/8", "11.0.0.1", false],
    ["192.168.1.0/24", "192.168.1.255", true],
    ["192.168.1.0/24", "192.168.2.0", false],
    ["203.0.113.7", "203.0.113.7", true],
    ["203.0.113.7/32", "203.0.113.8", false],
    ["0.0.0.0/0", "8.8.8.8", true],
    ["2001:db8::/32", "2001:db8:ffff::1", true],
    ["2001:db8::/32", "2001:db9::1", false],
    ["2001:db8:1:2::/64", "2001:db8:1:2:aaaa::1", true],
    ["2001:db8:1:2::/64", "2001:db8:1:3::1", false],
    ["2001:db8::/33", "2001:db8:8000::1", false],
    ["::ffff:10.0.0.0/104", "10.1.1.1", true],
  ])("entry %s allows %s: %s", (entry, ip, expected) => {
    expect(allows(new Allowlist([entry]), ip)).toBe(expected);
  });

  it("refuses an entry that is not an address or CIDR, naming it", () => {
    expect(() => new Allowlist(["10.0.0.0/33"])).toThrow(
      'allowlist entry "10.0.0.0/33" is not an address or CIDR',
    );
  });

  it("lists the entries inside a prefix, so a prefix ban can leave them reachable", () => {
    const list = new Allowlist(["2001:db8:1:2::5", "2001:db8:9::/48", "10.0.0.7"]);
    expect(list.entriesWithin(parseCidr("2001:db8:1:2::/64")!)).toEqual(["2001:db8:1:2::5"]);
    expect(list.entriesWithin(parseCidr("10.0.0.0/24")!)).toEqual(["10.0.0.7"]);
    expect(list.entriesWithin(parseCidr("2001:db8:1:3::/64")!)).toEqual([]);
  });
});
