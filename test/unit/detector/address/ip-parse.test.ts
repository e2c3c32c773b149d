import { describe, expect, it } from "vitest";
import { formatIPv4, formatIPv6 } from "../../../../detector/address/ip-format";
import { parseAddress, parseIPv4, parseIPv6 } from "../../../../detector/address/ip-parse";

const bytes = (s: string): Buffer => Buffer.from(s, "latin1");
const v4 = (s: string): number => parseIPv4(bytes(s), 0, s.length);
const v6 = (s: string): string | undefined => {
  const words = new Uint16Array(8);
  return parseIPv6(bytes(s), 0, s.length, words) ? formatIPv6(words) : undefined;
};

describe("IPv4 parsing", () => {
  it.each([
    ["0.0.0.0", 0],
    ["10.1.2.3", 0x0a010203],
    ["255.255.255.255", 0xffffffff],
    ["203.0.113.7", 0xcb007107],
  ])("reads %s as %d", (text, value) => {
    expect(v4(text)).toBe(value);
  });

  it.each([
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "1.2.3.04",
    "1..2.3",
    "a.b.c.d",
    "1.2.3.4 ",
    "-",
    "1234.1.1.1",
  ])("rejects %j", (text) => {
    expect(v4(text)).toBe(-1);
  });

  it("reads an address in the middle of a larger buffer without reading past its end", () => {
    const buf = bytes('"ip":"192.168.1.20","x":1');
    expect(parseIPv4(buf, 6, 18)).toBe(0xc0a80114);
  });
});

describe("IPv6 parsing", () => {
  it.each([
    ["::", "::"],
    ["::1", "::1"],
    ["2001:db8::1", "2001:db8::1"],
    ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"],
    ["1::", "1::"],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"],
    ["::ffff:1.2.3.4", "::ffff:102:304"],
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221"],
    ["fe80::1:0:0:1", "fe80::1:0:0:1"],
  ])("reads %s as %s", (text, canonical) => {
    expect(v6(text)).toBe(canonical);
  });

  it.each([
    "",
    ":",
    ":::",
    "1:2",
    "1::2::3",
    "12345::",
    "1:2:3:4:5:6:7:8:9",
    "g::1",
    "fe80::1%eth0",
    "1:",
    "::1.2.3",
    "1:2:3:4:5:6:7:1.2.3.4",
  ])("rejects %j", (text) => {
    expect(v6(text)).toBeUndefined();
  });
});

describe("formatting", () => {
  it("compresses the longest run of zero words, the first one on a tie (RFC 5952)", () => {
    expect(formatIPv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe("2001:db8::1:0:0:1");
    expect(formatIPv6([0x2001, 0xdb8, 0, 1, 0, 0, 0, 1])).toBe("2001:db8:0:1::1");
    expect(formatIPv6([1, 0, 2, 0, 3, 0, 4, 0])).toBe("1:0:2:0:3:0:4:0");
  });

  it("prints IPv4 from an unsigned or a signed 32-bit value", () => {
    expect(formatIPv4(0xcb007107)).toBe("203.0.113.7");
    expect(formatIPv4(0xcb007107 | 0)).toBe("203.0.113.7");
  });

  it("parses an address string of either family", () => {
    expect(parseAddress("10.0.0.1")).toEqual({ family: 4, v4: 0x0a000001 });
    expect(parseAddress("::1")?.family).toBe(6);
    expect(parseAddress("nope")).toBeUndefined();
  });
});
