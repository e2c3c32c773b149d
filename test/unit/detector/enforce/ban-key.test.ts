import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../../core/random";
import { Allowlist } from "../../../../detector/address/allowlist";
import { ClientKeyer, displayKey } from "../../../../detector/address/client-key";
import { banKeyOf, canonicalKey, isHostKey } from "../../../../detector/enforce/ban-key";

/** The key the engine counts `ip` under (what its ban decisions name). */
function engineKey(ip: string, v4Prefix: number, v6Prefix: number): string | undefined {
  const keyer = new ClientKeyer(new Allowlist([]), v4Prefix, v6Prefix);
  const buf = Buffer.from(ip, "latin1");
  return keyer.read(buf, 0, buf.length) ? displayKey(keyer.current()) : undefined;
}

describe("ban keys", () => {
  it("canonicalises addresses and prefixes", () => {
    expect(canonicalKey("2001:DB8::1/128")).toEqual({ key: "2001:db8::1", family: 6 });
    expect(canonicalKey("203.0.113.9/32")).toEqual({ key: "203.0.113.9", family: 4 });
    expect(canonicalKey("10.1.2.3/8")).toEqual({ key: "10.0.0.0/8", family: 4 });
    expect(canonicalKey("not an address")).toBeUndefined();
  });

  it("tells a single address from a prefix", () => {
    expect(isHostKey("203.0.113.9")).toBe(true);
    expect(isHostKey("2001:db8:1:2::/64")).toBe(false);
  });

  it.each([
    ["2001:db8:1:2:aaaa::1", 32, 64, "2001:db8:1:2::/64"],
    ["203.0.113.9", 32, 64, "203.0.113.9"],
    ["203.0.113.9", 24, 64, "203.0.113.0/24"],
    ["::ffff:203.0.113.9", 24, 64, "203.0.113.0/24"],
    ["2001:db8::1", 32, 128, "2001:db8::1"],
    ["10.1.0.0/16", 24, 64, "10.1.0.0/16"],
  ])("bans %s under /%i (IPv4) and /%i (IPv6) as %s", (ip, v4, v6, key) => {
    expect(banKeyOf(ip, v4, v6)).toBe(key);
  });

  it("names every client as the engine's counting key does (200 seeded addresses per family)", () => {
    const random = seededRandom(22);
    const word = () => Math.floor(random() * 0x10000).toString(16);
    const byte = () => Math.floor(random() * 256);
    for (let i = 0; i < 200; i++) {
      // First octet 11–110: clear of 127/8, which is always allowlisted and so keyed alone.
      const v4 = `${11 + Math.floor(random() * 100)}.${byte()}.${byte()}.${byte()}`;
      const v6 = `2001:${Array.from({ length: 7 }, word).join(":")}`;
      const v4Prefix = 16 + Math.floor(random() * 17);
      const v6Prefix = 16 * (2 + Math.floor(random() * 7));
      expect(banKeyOf(v4, v4Prefix, v6Prefix)).toBe(engineKey(v4, v4Prefix, v6Prefix));
      expect(banKeyOf(v6, v4Prefix, v6Prefix)).toBe(engineKey(v6, v4Prefix, v6Prefix));
    }
  });
});
