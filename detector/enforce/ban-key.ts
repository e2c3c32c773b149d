import { formatCidr, parseCidr } from "../address/cidr";

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
