/**
 * Address parsers that read bytes in place (no string per log line). IPv4 comes back as an unsigned
 * 32-bit number, IPv6 as eight 16-bit words written into a caller-owned array.
 */

const DOT = 0x2e;
const COLON = 0x3a;

/** Parses dotted-quad IPv4 in `buf[start, end)`; returns the address as uint32, or -1. */
export function parseIPv4(buf: Uint8Array, start: number, end: number): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let parts = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && octet === 0) return -1; // leading zero, as net.isIPv4 rejects
      octet = octet * 10 + (c - 0x30);
      if (++digits > 3 || octet > 255) return -1;
    } else if (c === DOT) {
      if (digits === 0 || parts === 3) return -1;
      value = value * 256 + octet;
      parts++;
      octet = 0;
      digits = 0;
    } else {
      return -1;
    }
  }
  if (digits === 0 || parts !== 3) return -1;
  return value * 256 + octet;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * Parses IPv6 (RFC 4291 text forms, including "::" and a trailing dotted IPv4) in `buf[start, end)`
 * into `out` (8 words). Zone ids ("%eth0") are rejected: they never name a remote client.
 */
export function parseIPv6(buf: Uint8Array, start: number, end: number, out: Uint16Array): boolean {
  let word = 0;
  let gap = -1;
  let i = start;
  if (end - start < 2) return false;
  if (buf[i] === COLON) {
    if (buf[i + 1] !== COLON) return false;
    gap = 0;
    i += 2;
    if (i === end) {
      out.fill(0);
      return true;
    }
  }
  while (i < end) {
    if (word === 8) return false;
    const groupStart = i;
    let value = 0;
    while (i < end && i - groupStart < 5) {
      const h = hexValue(buf[i]!);
      if (h < 0) break;
      value = value * 16 + h;
      i++;
    }
    const len = i - groupStart;
    if (i < end && buf[i] === DOT) {
      if (word > 6) return false;
      const v4 = parseIPv4(buf, groupStart, end);
      if (v4 < 0) return false;
      out[word++] = v4 >>> 16;
      out[word++] = v4 & 0xffff;
      i = end;
      break;
    }
    if (len === 0 || len > 4) return false;
    out[word++] = value;
    if (i === end) break;
    if (buf[i] !== COLON) return false;
    i++;
    if (i < end && buf[i] === COLON) {
      if (gap >= 0) return false;
      gap = word;
      i++;
      if (i === end) break;
    } else if (i === end) {
      return false;
    }
  }
  if (gap < 0) return word === 8;
  if (word === 8) return false;
  const tail = word - gap;
  for (let k = 0; k < tail; k++) out[7 - k] = out[word - 1 - k]!;
  for (let k = gap; k < 8 - tail; k++) out[k] = 0;
  return true;
}

/** A parsed textual address. */
export type ParsedAddress =
  | { readonly family: 4; readonly v4: number }
  | { readonly family: 6; readonly v6: Uint16Array };

/** Parses an address string (config, tests); IPv4-mapped IPv6 stays IPv6 here. */
export function parseAddress(text: string): ParsedAddress | undefined {
  const bytes = Buffer.from(text, "latin1");
  const v4 = parseIPv4(bytes, 0, bytes.length);
  if (v4 >= 0) return { family: 4, v4 };
  const v6 = new Uint16Array(8);
  return parseIPv6(bytes, 0, bytes.length, v6) ? { family: 6, v6 } : undefined;
}

/** True when `words` is an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
export function isV4Mapped(words: Uint16Array): boolean {
  return (
    words[0] === 0 &&
    words[1] === 0 &&
    words[2] === 0 &&
    words[3] === 0 &&
    words[4] === 0 &&
    words[5] === 0xffff
  );
}
