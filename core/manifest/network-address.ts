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

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** True for a DNS host name (RFC 1123 labels) or an IP address. */
export function isHostOrAddress(value: string): boolean {
  if (isIpAddress(value)) return true;
  if (value.length === 0 || value.length > 253) return false;
  return value.split(".").every((label) => LABEL.test(label));
}
