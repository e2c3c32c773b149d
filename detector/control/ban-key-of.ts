import { formatCidr, maskV6, parseCidr, v4Mask } from "../address/cidr";

/** The key a client address is counted and banned under (its IPv4/IPv6 prefix). */
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
