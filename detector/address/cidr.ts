import { formatIPv4, formatIPv6 } from "./ip-format";
import { isV4Mapped, parseAddress } from "./ip-parse";

/** An IPv4 or IPv6 network; IPv4 networks keep their mask for a one-AND test. */
export type Cidr =
  | { readonly family: 4; readonly net: number; readonly mask: number; readonly bits: number }
  | { readonly family: 6; readonly words: Uint16Array; readonly bits: number };

/** The uint32 mask of an IPv4 prefix length. */
export function v4Mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** Zeroes every bit of `words` past `bits` (in place). */
export function maskV6(words: Uint16Array, bits: number): Uint16Array {
  for (let i = 0; i < 8; i++) {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    words[i] = keep === 0 ? 0 : words[i]! & ((0xffff << (16 - keep)) & 0xffff);
  }
  return words;
}

/** Parses "10.0.0.0/8", "2001:db8::/32" or a bare address; IPv4-mapped IPv6 becomes IPv4. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  const address = parseAddress(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  const bitsText = slash < 0 ? undefined : text.slice(slash + 1);
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return undefined;
  if (address.family === 6 && isV4Mapped(address.v6)) {
    const bits = bitsText === undefined ? 128 : Number(bitsText);
    if (bits < 96 || bits > 128) return undefined;
    const v4 = ((address.v6[6]! << 16) | address.v6[7]!) >>> 0;
    const mask = v4Mask(bits - 96);
    return { family: 4, net: (v4 & mask) >>> 0, mask, bits: bits - 96 };
  }
  if (address.family === 4) {
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (bits > 32) return undefined;
    const mask = v4Mask(bits);
    return { family: 4, net: (address.v4 & mask) >>> 0, mask, bits };
  }
  const bits = bitsText === undefined ? 128 : Number(bitsText);
  if (bits > 128) return undefined;
  return { family: 6, words: maskV6(address.v6, bits), bits };
}

/** True when IPv4 `ip` (uint32) is inside `cidr`. */
export function containsV4(cidr: Cidr & { family: 4 }, ip: number): boolean {
  return (ip & cidr.mask) >>> 0 === cidr.net;
}

/** True when the first `bits` of `words` equal the network's. */
export function containsV6(cidr: Cidr & { family: 6 }, words: Uint16Array): boolean {
  let remaining = cidr.bits;
  for (let i = 0; remaining > 0; i++, remaining -= 16) {
    const keep = Math.min(16, remaining);
    const mask = (0xffff << (16 - keep)) & 0xffff;
    if ((words[i]! & mask) !== cidr.words[i]) return false;
  }
  return true;
}

/** "10.0.0.0/8", or a bare address for a host-length prefix. */
export function formatCidr(cidr: Cidr): string {
  const host = cidr.family === 4 ? cidr.bits === 32 : cidr.bits === 128;
  const address = cidr.family === 4 ? formatIPv4(cidr.net) : formatIPv6(cidr.words);
  return host ? address : `${address}/${cidr.bits}`;
}
