import { containsV4, containsV6, formatCidr, parseCidr, type Cidr } from "./cidr";

/** Always allowed, whatever the settings say. */
export const ALWAYS_ALLOWED = ["127.0.0.0/8", "::1/128"] as const;

/** Addresses and networks that are never judged nor banned. */
export class Allowlist {
  private readonly v4Nets: Int32Array;
  private readonly v4Masks: Int32Array;
  private readonly v6: (Cidr & { family: 6 })[] = [];
  /** Every entry, normalised, in the order given (loopback first). */
  readonly entries: readonly Cidr[];

  /** `entries` are CIDRs or addresses; throws on one that does not parse. */
  constructor(entries: readonly string[], hostAddresses: readonly string[] = []) {
    const all = [...ALWAYS_ALLOWED, ...hostAddresses, ...entries];
    const parsed: Cidr[] = [];
    for (const text of all) {
      const cidr = parseCidr(text);
      if (cidr === undefined)
        throw new Error(`allowlist entry ${JSON.stringify(text)} is not an address or CIDR`);
      parsed.push(cidr);
    }
    this.entries = parsed;
    const v4 = parsed.filter((c): c is Cidr & { family: 4 } => c.family === 4);
    this.v4Nets = Int32Array.from(v4, (c) => c.net | 0);
    this.v4Masks = Int32Array.from(v4, (c) => c.mask | 0);
    for (const c of parsed) if (c.family === 6) this.v6.push(c);
  }

  /** True when IPv4 `ip` (uint32) is allowed. */
  allowsV4(ip: number): boolean {
    const nets = this.v4Nets;
    const masks = this.v4Masks;
    for (let i = 0; i < nets.length; i++) if ((ip & masks[i]!) === nets[i]) return true;
    return false;
  }

  /** True when the IPv6 address `words` is allowed. */
  allowsV6(words: Uint16Array): boolean {
    for (const c of this.v6) if (containsV6(c, words)) return true;
    return false;
  }

  /** Allowlist entries inside `prefix`: the exceptions an enforcer must carve out of a prefix ban. */
  entriesWithin(prefix: Cidr): string[] {
    const inside: string[] = [];
    for (const c of this.entries) {
      if (c.family !== prefix.family || c.bits < prefix.bits) continue;
      const within =
        c.family === 4
          ? containsV4(prefix as Cidr & { family: 4 }, c.net)
          : containsV6(prefix as Cidr & { family: 6 }, c.words);
      if (within) inside.push(formatCidr(c));
    }
    return inside;
  }
}
