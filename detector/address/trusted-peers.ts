import { containsV4, containsV6, parseCidr, type Cidr } from "./cidr";
import { isV4Mapped, parseIPv4, parseIPv6 } from "./ip-parse";

/** True when `a[as, ae)` and `b[bs, be)` hold the same bytes. */
export function sameBytes(
  a: Uint8Array,
  as: number,
  ae: number,
  b: Uint8Array,
  bs: number,
  be: number,
): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = 0; i < ae - as; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}

/**
 * The proxies whose X-Forwarded-For Nginx believes (`trustedProxies`), to check a log line's
 * connecting peer against: a line whose address differs from its peer is believed only when that
 * peer is one of them.
 */
export class TrustedPeers {
  private readonly v4: (Cidr & { family: 4 })[] = [];
  private readonly v6: (Cidr & { family: 6 })[] = [];
  private readonly words = new Uint16Array(8);

  constructor(entries: readonly string[]) {
    for (const text of entries) {
      const cidr = parseCidr(text);
      if (cidr === undefined)
        throw new Error(`trusted proxy ${JSON.stringify(text)} is not an address or CIDR`);
      if (cidr.family === 4) this.v4.push(cidr);
      else this.v6.push(cidr);
    }
  }

  /** Whether the address in `buf[start, end)` is a trusted proxy (false when unreadable). */
  trusts(buf: Uint8Array, start: number, end: number): boolean {
    if (this.v4.length === 0 && this.v6.length === 0) return false;
    let ip = parseIPv4(buf, start, end);
    if (ip < 0) {
      if (!parseIPv6(buf, start, end, this.words)) return false;
      if (!isV4Mapped(this.words)) return this.v6.some((c) => containsV6(c, this.words));
      ip = ((this.words[6]! << 16) | this.words[7]!) >>> 0;
    }
    return this.v4.some((c) => containsV4(c, ip));
  }
}
