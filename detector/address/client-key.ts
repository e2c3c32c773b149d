import type { Allowlist } from "./allowlist";
import { maskV6, parseCidr, v4Mask, type Cidr } from "./cidr";
import { formatIPv4, formatIPv6 } from "./ip-format";
import { isV4Mapped, parseIPv4, parseIPv6 } from "./ip-parse";

/** Keys at or above this are allowlisted IPv4 addresses kept apart from prefix keys. */
const ALLOWED_V4_BASE = 4294967296;
/** Leading character of an allowlisted IPv6 key (words are packed as characters after it). */
const ALLOWED_V6_TAG = "A";

/** The counting key of a client: an address, or the prefix it is aggregated into. */
export interface ClientKey {
  readonly family: 4 | 6;
  /** Map key: int32 (or ≥ 2^32 when allowlisted) for IPv4; packed words for IPv6. */
  readonly id: number | string;
  /** Prefix length the key covers (32/128 for one address). */
  readonly prefix: number;
}

/**
 * Turns the bytes of a source address into a counting key without allocating for IPv4: the result
 * sits in the fields of this object until the next call. Allowlisted addresses always get their own
 * exact key, so an allowlist entry wins over the prefix it would otherwise fall into.
 */
export class ClientKeyer {
  family: 4 | 6 = 4;
  /** Valid when `family` is 4: the key (int32 or allowlisted form). */
  v4Id = 0;
  /** Valid when `family` is 6. */
  v6Id = "";
  prefix = 32;
  private ip = 0;
  private readonly words = new Uint16Array(8);
  private readonly v4KeyMask: number;
  private allowedKnown = false;
  private allowed = false;

  constructor(
    private readonly allowlist: Allowlist,
    private readonly ipv4Prefix: number,
    private readonly ipv6Prefix: number,
  ) {
    this.v4KeyMask = v4Mask(ipv4Prefix) | 0;
  }

  /** Reads the address in `buf[start, end)`; false when it is not a valid IP address. */
  read(buf: Uint8Array, start: number, end: number): boolean {
    let ip = parseIPv4(buf, start, end);
    if (ip < 0) {
      if (!parseIPv6(buf, start, end, this.words)) return false;
      if (!isV4Mapped(this.words)) return this.keyV6();
      ip = ((this.words[6]! << 16) | this.words[7]!) >>> 0;
    }
    this.family = 4;
    this.ip = ip;
    if (this.ipv4Prefix === 32) {
      this.allowedKnown = false;
      this.v4Id = ip | 0;
      this.prefix = 32;
      return true;
    }
    this.allowed = this.allowlist.allowsV4(ip);
    this.allowedKnown = true;
    this.v4Id = this.allowed ? ALLOWED_V4_BASE + ip : (ip & this.v4KeyMask) | 0;
    this.prefix = this.allowed ? 32 : this.ipv4Prefix;
    return true;
  }

  /** Whether the address just read is allowlisted (checked lazily for per-address IPv4 keys). */
  isAllowed(): boolean {
    if (!this.allowedKnown) {
      this.allowed =
        this.family === 4 ? this.allowlist.allowsV4(this.ip) : this.allowlist.allowsV6(this.words);
      this.allowedKnown = true;
    }
    return this.allowed;
  }

  /** The key just read as an object (allocates; for new clients and tests). */
  current(): ClientKey {
    return {
      family: this.family,
      id: this.family === 4 ? this.v4Id : this.v6Id,
      prefix: this.prefix,
    };
  }

  private keyV6(): boolean {
    this.family = 6;
    this.allowed = this.allowlist.allowsV6(this.words);
    this.allowedKnown = true;
    const w = this.words;
    if (this.allowed) {
      this.prefix = 128;
      this.v6Id =
        ALLOWED_V6_TAG +
        String.fromCharCode(w[0]!, w[1]!, w[2]!, w[3]!, w[4]!, w[5]!, w[6]!, w[7]!);
      return true;
    }
    this.prefix = this.ipv6Prefix;
    maskV6(w, this.ipv6Prefix);
    const n = Math.ceil(this.ipv6Prefix / 16);
    this.v6Id = n === 4 ? String.fromCharCode(w[0]!, w[1]!, w[2]!, w[3]!) : packWords(w, n);
    return true;
  }
}

function packWords(w: Uint16Array, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(w[i]!);
  return s;
}

function unpackWords(id: string): Uint16Array {
  const words = new Uint16Array(8);
  const body = id.startsWith(ALLOWED_V6_TAG) ? id.slice(1) : id;
  for (let i = 0; i < body.length && i < 8; i++) words[i] = body.charCodeAt(i);
  return words;
}

/** The network a key covers. */
export function keyCidr(key: ClientKey): Cidr {
  if (key.family === 4) {
    const id = key.id as number;
    const net = id >= ALLOWED_V4_BASE ? id - ALLOWED_V4_BASE : id >>> 0;
    return { family: 4, net, mask: v4Mask(key.prefix), bits: key.prefix };
  }
  return { family: 6, words: unpackWords(key.id as string), bits: key.prefix };
}

/** How a key is shown in decisions: "203.0.113.7", "10.1.2.0/24" or "2001:db8:1:2::/64". */
export function displayKey(key: ClientKey): string {
  const cidr = keyCidr(key);
  const address = cidr.family === 4 ? formatIPv4(cidr.net) : formatIPv6(cidr.words);
  const host = key.family === 4 ? key.prefix === 32 : key.prefix === 128;
  return host ? address : `${address}/${key.prefix}`;
}

/** The counting key of a (non-allowlisted) client shown as `ip` in a decision. */
export function keyOfDisplay(ip: string): ClientKey | undefined {
  const cidr = parseCidr(ip);
  if (cidr === undefined) return undefined;
  if (cidr.family === 4) return { family: 4, id: cidr.net | 0, prefix: cidr.bits };
  return { family: 6, id: packWords(cidr.words, Math.ceil(cidr.bits / 16)), prefix: cidr.bits };
}
