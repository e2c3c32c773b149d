import { describe, expect, it } from "vitest";
import { Allowlist } from "../../../../detector/address/allowlist";
import { ClientKeyer, displayKey, keyOfDisplay } from "../../../../detector/address/client-key";

function keyOf(
  ip: string,
  v4Prefix = 32,
  v6Prefix = 64,
  allow: string[] = [],
): { shown: string; allowed: boolean; id: number | string } | undefined {
  const keyer = new ClientKeyer(new Allowlist(allow), v4Prefix, v6Prefix);
  const buf = Buffer.from(ip, "latin1");
  if (!keyer.read(buf, 0, buf.length)) return undefined;
  const key = keyer.current();
  return { shown: displayKey(key), allowed: keyer.isAllowed(), id: key.id };
}

describe("client keys", () => {
  it("counts IPv4 per address by default", () => {
    expect(keyOf("203.0.113.7")?.shown).toBe("203.0.113.7");
  });

  it("aggregates IPv6 by the /64 prefix by default, so rotating addresses share one key", () => {
    const a = keyOf("2001:db8:1:2:aaaa:bbbb:cccc:dddd")!;
    const b = keyOf("2001:db8:1:2::9")!;
    expect(a.shown).toBe("2001:db8:1:2::/64");
    expect(b.id).toBe(a.id);
    expect(keyOf("2001:db8:1:3::9")!.id).not.toBe(a.id);
  });

  it("uses the configured IPv6 prefix", () => {
    expect(keyOf("2001:db8:1:2::9", 32, 48)?.shown).toBe("2001:db8:1::/48");
    expect(keyOf("2001:db8:1:2::9", 32, 128)?.shown).toBe("2001:db8:1:2::9");
    expect(keyOf("2001:db8:1:2::9", 32, 56)?.shown).toBe("2001:db8:1::/56");
  });

  it("aggregates IPv4 by a configured prefix", () => {
    expect(keyOf("198.51.100.77", 24)?.shown).toBe("198.51.100.0/24");
  });

  it("treats IPv4-mapped IPv6 as the IPv4 address", () => {
    expect(keyOf("::ffff:203.0.113.7")?.shown).toBe("203.0.113.7");
  });

  it("keys an allowlisted address on its own, so the allowlist wins over the prefix", () => {
    const allowed = keyOf("2001:db8:1:2::5", 32, 64, ["2001:db8:1:2::5"])!;
    expect(allowed).toMatchObject({ shown: "2001:db8:1:2::5", allowed: true });
    expect(allowed.id).not.toBe(keyOf("2001:db8:1:2::6", 32, 64, ["2001:db8:1:2::5"])!.id);
    const v4 = keyOf("198.51.100.5", 24, 64, ["198.51.100.5"])!;
    expect(v4).toMatchObject({ shown: "198.51.100.5", allowed: true });
    expect(v4.id).not.toBe(keyOf("198.51.100.0", 24, 64, ["198.51.100.5"])!.id);
  });

  it("rejects text that is not an address", () => {
    expect(keyOf("-")).toBeUndefined();
    expect(keyOf("example.com")).toBeUndefined();
    expect(keyOf("300.1.1.1")).toBeUndefined();
  });

  it("turns a decision's ip back into the same key", () => {
    for (const ip of ["203.0.113.7", "2001:db8:1:2:aaaa::1"]) {
      const k = keyOf(ip)!;
      const back = keyOfDisplay(k.shown)!;
      expect(back.id).toBe(k.id);
    }
    expect(keyOfDisplay("198.51.100.0/24")).toEqual({
      family: 4,
      id: keyOf("198.51.100.9", 24)!.id,
      prefix: 24,
    });
  });
});
