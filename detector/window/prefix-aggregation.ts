/** Wider prefixes clients are merged into when one prefix fills the client table. */
export interface AggregationSettings {
  readonly enabled: boolean;
  /** IPv4 clients (counted per `clientV4Prefix`) merge into this prefix, e.g. 24. */
  readonly ipv4Prefix: number;
  /** IPv6 clients (counted per `clientV6Prefix`) merge into this prefix, e.g. 48. */
  readonly ipv6Prefix: number;
  /** A wide prefix is merged only when it holds at least this many tracked clients. */
  readonly minClients: number;
}

const ALLOWED_V4_BASE = 4294967296;

/**
 * Maps a client's table key to the key of the wider prefix it belongs to, in the client table's own
 * key forms (IPv4: the network as an int32; IPv6: the prefix's 16-bit words packed as characters),
 * so a merged prefix is found, shown and banned like any other client ("2001:db8:1::/48").
 */
export class WidePrefix {
  private readonly v4On: boolean;
  private readonly v6On: boolean;
  private readonly v4Mask: number;
  private readonly v6Chars: number;
  private readonly v6LastMask: number;

  constructor(
    private readonly s: AggregationSettings,
    clientV4Prefix: number,
    clientV6Prefix: number,
  ) {
    this.v4On = s.enabled && s.ipv4Prefix < clientV4Prefix;
    this.v6On = s.enabled && s.ipv6Prefix < clientV6Prefix;
    this.v4Mask = s.ipv4Prefix === 0 ? 0 : (0xffffffff << (32 - s.ipv4Prefix)) | 0;
    this.v6Chars = Math.ceil(s.ipv6Prefix / 16);
    const rest = s.ipv6Prefix % 16;
    this.v6LastMask = rest === 0 ? 0xffff : (0xffff << (16 - rest)) & 0xffff;
  }

  /** Whether any family merges at all. */
  get enabled(): boolean {
    return this.v4On || this.v6On;
  }

  /** The prefix length of a merged key of this id's family. */
  prefixOf(id: number | string): number {
    return typeof id === "number" ? this.s.ipv4Prefix : this.s.ipv6Prefix;
  }

  /**
   * The wide key of a client key covering `prefix` bits, or undefined when it does not merge (its
   * family is off, it is already that wide, or it is an allowlisted address's own key).
   */
  of(id: number | string, prefix: number): number | string | undefined {
    if (typeof id === "number") {
      if (!this.v4On || prefix <= this.s.ipv4Prefix || id >= ALLOWED_V4_BASE) return undefined;
      return id & this.v4Mask;
    }
    if (!this.v6On || prefix <= this.s.ipv6Prefix || id.length > 8) return undefined;
    const n = this.v6Chars;
    const last = id.charCodeAt(n - 1) & this.v6LastMask;
    return id.slice(0, n - 1) + String.fromCharCode(last);
  }
}
