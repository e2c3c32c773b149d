import { LogKey } from "../../core/access-log-layout";
import { BadLine } from "./bad-line-reason";
import { BACKSLASH, QUOTE } from "./json-tokens";
import type { LineFields } from "./line-fields";
import { parseLogTime } from "./log-time";

/** Not the known layout: let the general scanner decide. */
export const NOT_KNOWN = -1;

// The byte strings between the values of the known layouts (core/access-log-layout.ts): a string
// value's key opens with `","`, the first with `{"`, and the number `status` has no quotes.
const openString = (key: LogKey) => Buffer.from(`{"${key}":"`);
const nextString = (key: LogKey) => Buffer.from(`","${key}":"`);
const nextNumber = (key: LogKey) => Buffer.from(`","${key}":`);
const SOURCE_IP = openString(LogKey.SourceIp);
const PEER_IP = nextString(LogKey.PeerIp);
const TIMESTAMP = nextString(LogKey.Timestamp);
const METHOD = nextString(LogKey.Method);
const PATH = nextString(LogKey.Path);
const STATUS = nextNumber(LogKey.Status);

function literalAt(buf: Uint8Array, at: number, end: number, literal: Uint8Array): boolean {
  if (at + literal.length > end) return false;
  for (let k = 0; k < literal.length; k++) if (buf[at + k] !== literal[k]) return false;
  return true;
}

/** Closing quote of a string value starting at `i` (escapes skipped), or -1. */
function closingQuote(buf: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = buf[i]!;
    if (c === QUOTE) return i;
    i += c === BACKSLASH ? 2 : 1;
  }
  return -1;
}

/** The end of an unescaped string value starting at `i` (its closing quote), or -1. */
function plainValueEnd(buf: Uint8Array, i: number, end: number): number {
  while (i < end && buf[i] !== QUOTE) {
    if (buf[i] === BACKSLASH) return -1;
    i++;
  }
  return i < end ? i : -1;
}

/** Reads a 1–3 digit status at `i` followed by "," or "}"; returns its end, or -1. */
function statusEnd(buf: Uint8Array, i: number, end: number, out: LineFields): number {
  const statusStart = i;
  let status = 0;
  while (i < end && i - statusStart < 4) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) break;
    status = status * 10 + d;
    i++;
  }
  const digits = i - statusStart;
  if (digits === 0 || digits > 3 || (buf[i] !== 0x2c && buf[i] !== 0x7d)) return -1;
  out.status = status;
  return i;
}

/**
 * The fast path for the layouts Nginx writes — this project's (`source_ip`, `peer_ip`,
 * `timestamp`, `status` first) and the seed's (`source_ip`, `timestamp`, `method`, `path`,
 * `status`) — matched as fixed byte strings instead of token by token, without blanks. Anything
 * else returns NOT_KNOWN. With `cut`, `buf[start, end)` is only the start of a line (an over-long
 * one): the fields must lie inside it, and the line's end is not checked.
 */
export function scanKnownLayout(
  buf: Uint8Array,
  start: number,
  end: number,
  out: LineFields,
  cut = false,
): number {
  if (!literalAt(buf, start, end, SOURCE_IP)) return NOT_KNOWN;
  const ipStart = start + SOURCE_IP.length;
  const ipEnd = plainValueEnd(buf, ipStart, end);
  if (ipEnd < 0) return NOT_KNOWN;
  let i = ipEnd;
  let timeStart: number;
  let timeEnd: number;
  let peerStart = -1;
  let peerEnd = -1;
  if (literalAt(buf, i, end, PEER_IP)) {
    peerStart = i + PEER_IP.length;
    peerEnd = plainValueEnd(buf, peerStart, end);
    if (peerEnd < 0 || !literalAt(buf, peerEnd, end, TIMESTAMP)) return NOT_KNOWN;
    timeStart = peerEnd + TIMESTAMP.length;
    timeEnd = plainValueEnd(buf, timeStart, end);
    if (timeEnd < 0 || !literalAt(buf, timeEnd, end, STATUS)) return NOT_KNOWN;
    i = statusEnd(buf, timeEnd + STATUS.length, end, out);
    if (i < 0) return NOT_KNOWN;
  } else {
    if (!literalAt(buf, i, end, TIMESTAMP)) return NOT_KNOWN;
    timeStart = i + TIMESTAMP.length;
    timeEnd = plainValueEnd(buf, timeStart, end);
    if (timeEnd < 0 || !literalAt(buf, timeEnd, end, METHOD)) return NOT_KNOWN;
    i = closingQuote(buf, timeEnd + METHOD.length, end);
    if (i < 0 || !literalAt(buf, i, end, PATH)) return NOT_KNOWN;
    i = closingQuote(buf, i + PATH.length, end);
    if (i < 0 || !literalAt(buf, i, end, STATUS)) return NOT_KNOWN;
    i = statusEnd(buf, i + STATUS.length, end, out);
    if (i < 0) return NOT_KNOWN;
  }
  if (!cut) {
    let last = end - 1;
    while (last > i && buf[last]! <= 0x20) last--;
    if (buf[last] !== 0x7d) return NOT_KNOWN;
  }
  out.ipBuf = buf;
  out.ipStart = ipStart;
  out.ipEnd = ipEnd;
  out.peerBuf = buf;
  out.peerStart = peerStart;
  out.peerEnd = peerEnd;
  out.timeMs = parseLogTime(buf, timeStart, timeEnd);
  return Number.isNaN(out.timeMs) ? BadLine.BadTimestamp : BadLine.Ok;
}
