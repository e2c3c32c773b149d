import { isIP, isIPv4, isIPv6 } from "node:net";

/** True for an IPv4 or IPv6 address. */
export function isIpAddress(value: string): boolean {
  return isIP(value) !== 0;
}

/** True for an address ("10.0.0.1", "::1") or a CIDR ("10.0.0.0/8", "2001:db8::/32"). */
export function isAddressOrCidr(value: string): boolean {
  const slash = value.indexOf("/");
  if (slash < 0) return isIpAddress(value);
  return isCidr(value);
}

/** True for a CIDR with an explicit prefix length ("172.28.0.0/16", "fd00::/64"). */
export function isCidr(value: string): boolean {
  const [address = "", bits, ...rest] = value.split("/");
  if (bits === undefined || rest.length > 0 || !/^\d{1,3}$/.test(bits)) return false;
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : 0;
  return max > 0 && Number(bits) <= max;
}

/** True for an IPv6 CIDR from /16 to /64: a Docker network's IPv6 subnet that holds a /64. */
export function isEdgeIpv6Subnet(value: string): boolean {
  const [address = "", bits = ""] = value.split("/");
  return isCidr(value) && isIPv6(address) && Number(bits) >= 16 && Number(bits) <= 64;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** True for a DNS host name (RFC 1123 labels) or an IP address. */
export function isHostOrAddress(value: string): boolean {
  if (isIpAddress(value)) return true;
  if (value.length === 0 || value.length > 253) return false;
  return value.split(".").every((label) => LABEL.test(label));
}

/** Trusted proxy ranges may be no wider than these prefix lengths. */
export const TRUSTED_RANGE_MIN_BITS = { v4: 8, v6: 32 } as const;

/** What a trusted proxy entry must be, completing "expected …". */
export const TRUSTED_RANGE_PHRASE =
  "a proxy address or a range no wider than /8 (IPv4) or /32 (IPv6): anyone inside a trusted range can write the client address Nginx logs and the detector bans";

/** The eight 16-bit words of a valid IPv6 address (an IPv4 tail becomes the last two). */
function ipv6Words(address: string): number[] {
  let text = address;
  const tail = text.slice(text.lastIndexOf(":") + 1);
  if (tail.includes(".")) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split(".").map(Number);
    text = `${text.slice(0, text.length - tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const words = (part: string) => (part === "" ? [] : part.split(":").map((w) => parseInt(w, 16)));
  if (rest === undefined) return words(head);
  const front = words(head);
  const back = words(rest);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/** True when the first `bits` bits of two IPv6 addresses are the same. */
function samePrefix(a: readonly number[], b: readonly number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if (((a[i] ?? 0) & mask) !== ((b[i] ?? 0) & mask)) return false;
  }
  return true;
}

const V4_MAPPED = [0, 0, 0, 0, 0, 0xffff, 0, 0];

/**
 * False for a range too wide to trust as proxies (see TRUSTED_RANGE_MIN_BITS): anyone inside one can
 * put any address in X-Forwarded-For. IPv4-mapped IPv6 ranges (::ffff:0:0/96) are IPv4 in disguise
 * and measured as IPv4. Addresses and values that are not CIDRs pass (other checks report those).
 */
export function isNarrowTrustedRange(value: string): boolean {
  const [address = "", bitsText] = value.split("/");
  if (bitsText === undefined || !/^\d{1,3}$/.test(bitsText)) return true;
  const bits = Number(bitsText);
  if (isIPv4(address)) return bits >= TRUSTED_RANGE_MIN_BITS.v4;
  if (!isIPv6(address)) return true;
  if (bits < TRUSTED_RANGE_MIN_BITS.v6) return false;
  const words = ipv6Words(address);
  if (bits <= 96) return !samePrefix(words, V4_MAPPED, bits);
  return !samePrefix(words, V4_MAPPED, 96) || bits - 96 >= TRUSTED_RANGE_MIN_BITS.v4;
}
