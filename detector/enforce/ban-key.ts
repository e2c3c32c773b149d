import { formatCidr, maskV6, parseCidr, v4Mask } from "../address/cidr";

/**
 * The one definition of a ban key, the text every backend, the ledger, the audit log and the
 * operator verbs name a client by: an address ("203.0.113.9", "2001:db8::1") or a prefix
 * ("2001:db8:1:2::/64"), canonical (lower case, zeros compressed, no "/32" or "/128").
 */

/** The canonical form of an address or prefix ("2001:DB8::1/128" → "2001:db8::1"), or undefined. */
export function canonicalKey(text: string): { key: string; family: 4 | 6 } | undefined {
  const cidr = parseCidr(text);
  if (cidr === undefined) return undefined;
  return { key: formatCidr(cidr), family: cidr.family };
}

/** True when the canonical key is a single address (no prefix length). */
export function isHostKey(key: string): boolean {
  return !key.includes("/");
}

/**
 * The key a client address is counted and banned under: the address cut to the configured
 * `ipv4Prefix` / `ipv6Prefix` (a prefix narrower than the text's own is kept), or undefined.
 */
export function banKeyOf(ip: string, ipv4Prefix: number, ipv6Prefix: number): string | undefined {
  const c = parseCidr(ip);
  if (c === undefined) return undefined;
  if (c.family === 4) {
    const bits = Math.min(c.bits, ipv4Prefix);
    const mask = v4Mask(bits);
    return formatCidr({ family: 4, net: (c.net & mask) >>> 0, mask, bits });
  }
  const bits = Math.min(c.bits, ipv6Prefix);
  return formatCidr({ family: 6, words: maskV6(Uint16Array.from(c.words), bits), bits });
}
