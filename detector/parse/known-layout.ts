import { BadLine } from "./bad-line-reason";
import type { LineFields } from "./line-fields";
import { parseLogTime } from "./log-time";

/** Not the known layout: let the general scanner decide. */
export const NOT_KNOWN = -1;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SOURCE_IP = Buffer.from('{"source_ip":"');
const TIMESTAMP = Buffer.from('","timestamp":"');
const METHOD = Buffer.from('","method":"');
const PATH = Buffer.from('","path":"');
const STATUS = Buffer.from('","status":');

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

/**
 * The fast path for the layout Nginx writes for this project and the seed — `source_ip`,
 * `timestamp`, `method`, `path`, `status` first, in that order, without blanks — matched as fixed
 * byte strings instead of token by token. Anything else returns NOT_KNOWN.
 */
export function scanKnownLayout(
  buf: Uint8Array,
  start: number,
  end: number,
  out: LineFields,
): number {
  if (!literalAt(buf, start, end, SOURCE_IP)) return NOT_KNOWN;
  const ipStart = start + SOURCE_IP.length;
  let i = ipStart;
  while (i < end && buf[i] !== QUOTE) {
    if (buf[i] === BACKSLASH) return NOT_KNOWN;
    i++;
  }
  const ipEnd = i;
  if (!literalAt(buf, i, end, TIMESTAMP)) return NOT_KNOWN;
  const timeStart = i + TIMESTAMP.length;
  i = timeStart;
  while (i < end && buf[i] !== QUOTE) {
    if (buf[i] === BACKSLASH) return NOT_KNOWN;
    i++;
  }
  const timeEnd = i;
  if (!literalAt(buf, i, end, METHOD)) return NOT_KNOWN;
  i = closingQuote(buf, i + METHOD.length, end);
  if (i < 0 || !literalAt(buf, i, end, PATH)) return NOT_KNOWN;
  i = closingQuote(buf, i + PATH.length, end);
  if (i < 0 || !literalAt(buf, i, end, STATUS)) return NOT_KNOWN;
  i += STATUS.length;
  const statusStart = i;
  let status = 0;
  while (i < end && i - statusStart < 4) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) break;
    status = status * 10 + d;
    i++;
  }
  const digits = i - statusStart;
  if (digits === 0 || digits > 3 || (buf[i] !== 0x2c && buf[i] !== 0x7d)) return NOT_KNOWN;
  let last = end - 1;
  while (last > i && buf[last]! <= 0x20) last--;
  if (buf[last] !== 0x7d) return NOT_KNOWN;
  out.ipBuf = buf;
  out.ipStart = ipStart;
  out.ipEnd = ipEnd;
  out.status = status;
  out.timeMs = parseLogTime(buf, timeStart, timeEnd);
  return Number.isNaN(out.timeMs) ? BadLine.BadTimestamp : BadLine.Ok;
}
