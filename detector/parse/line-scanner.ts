import { BadLine } from "./bad-line-reason";
import { parseWithJson } from "./json-fallback";
import { NOT_KNOWN, scanKnownLayout } from "./known-layout";
import {
  BACKSLASH,
  Field,
  fieldOf,
  isWs,
  literalEnd,
  numberEnd,
  QUOTE,
  smallInt,
} from "./json-tokens";
import type { LineFields } from "./line-fields";
import { parseLogTime } from "./log-time";

const FALLBACK = -1;

/** True when the last non-blank byte of `buf[start, end)` closes an object. */
function closesObject(buf: Uint8Array, start: number, end: number): boolean {
  let i = end - 1;
  while (i > start && isWs(buf[i])) i--;
  return buf[i] === 0x7d;
}

/**
 * Single-pass scan of a flat JSON object (string, number and literal values) that only remembers
 * where the three fields it needs are, and stops as soon as it has them (if the line closes the
 * object). Anything else (nested values, escapes inside those fields) returns FALLBACK so JSON.parse
 * decides. String contents are not validated here: UTF-8 is checked per chunk by the caller.
 */
function scanFast(buf: Uint8Array, start: number, end: number, out: LineFields): number {
  let i = start;
  while (isWs(buf[i]) && i < end) i++;
  if (buf[i] !== 0x7b || i >= end) return FALLBACK;
  i++;
  while (i < end && isWs(buf[i])) i++;
  let ipStart = -1;
  let ipEnd = -1;
  let timeStart = -1;
  let timeEnd = -1;
  let status = -1;
  let peerStart = -1;
  let peerEnd = -1;
  let found = 0;
  if (buf[i] === 0x7d && i < end) {
    i++;
  } else {
    for (;;) {
      if (i >= end || buf[i] !== QUOTE) return FALLBACK;
      const keyStart = ++i;
      while (i < end) {
        const c = buf[i]!;
        if (c === QUOTE) break;
        if (c === BACKSLASH) return FALLBACK;
        i++;
      }
      if (i >= end) return FALLBACK;
      const keyLength = i - keyStart;
      const field: Field =
        keyLength === 9 || keyLength === 6 || keyLength === 7
          ? fieldOf(buf, keyStart, i)
          : Field.Other;
      i++;
      if (buf[i] !== 0x3a) {
        while (i < end && isWs(buf[i])) i++;
        if (i >= end || buf[i] !== 0x3a) return FALLBACK;
      }
      i++;
      if (isWs(buf[i])) while (i < end && isWs(buf[i])) i++;
      if (i >= end) return FALLBACK;
      const c0 = buf[i]!;
      if (c0 === QUOTE) {
        const valueStart = ++i;
        let escaped = false;
        while (i < end) {
          const c = buf[i]!;
          if (c === QUOTE) break;
          if (c === BACKSLASH) {
            escaped = true;
            i++;
          }
          i++;
        }
        if (i >= end) return FALLBACK;
        if (field !== Field.Other) {
          if (escaped) return FALLBACK;
          if (field === Field.Peer) {
            peerStart = valueStart;
            peerEnd = i;
          } else if (field === Field.Ip) {
            ipStart = valueStart;
            ipEnd = i;
            found |= 1;
          } else if (field === Field.Time) {
            timeStart = valueStart;
            timeEnd = i;
            found |= 2;
          } else {
            status = smallInt(buf, valueStart, i);
            found |= 4;
          }
        }
        i++;
      } else if (field === Field.Status && c0 >= 0x30 && c0 <= 0x39) {
        // Nginx's unquoted $status, leading zeros ("000") included.
        const numStart = i;
        while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
        status = smallInt(buf, numStart, i);
        found |= 4;
      } else if (c0 === 0x2d || (c0 >= 0x30 && c0 <= 0x39)) {
        const numStart = i;
        i = numberEnd(buf, i, end);
        if (i < 0) return FALLBACK;
        if (field === Field.Status) {
          status = smallInt(buf, numStart, i);
          found |= 4;
        } else if (field === Field.Time) {
          timeStart = numStart;
          timeEnd = i;
          found |= 2;
        } else if (field === Field.Ip) {
          ipStart = ipEnd = -1;
        }
      } else {
        i = literalEnd(buf, i, end);
        if (i < 0) return FALLBACK;
        if (field === Field.Ip) ipStart = ipEnd = -1;
        else if (field === Field.Time) timeStart = timeEnd = -1;
        else if (field === Field.Status) status = -1;
      }
      if (found === 7 && closesObject(buf, i, end)) {
        i = end;
        break;
      }
      if (isWs(buf[i])) while (i < end && isWs(buf[i])) i++;
      if (i >= end) return FALLBACK;
      if (buf[i] === 0x2c) {
        i++;
        if (isWs(buf[i])) while (i < end && isWs(buf[i])) i++;
        continue;
      }
      if (buf[i] === 0x7d) {
        i++;
        break;
      }
      return FALLBACK;
    }
  }
  while (i < end && isWs(buf[i])) i++;
  if (i !== end) return FALLBACK;
  if (ipStart < 0 || timeStart < 0 || status < 0) return BadLine.MissingField;
  out.ipBuf = buf;
  out.ipStart = ipStart;
  out.ipEnd = ipEnd;
  out.status = status;
  out.peerBuf = buf;
  out.peerStart = peerStart;
  out.peerEnd = peerEnd;
  out.timeMs = parseLogTime(buf, timeStart, timeEnd);
  return Number.isNaN(out.timeMs) ? BadLine.BadTimestamp : BadLine.Ok;
}

/**
 * Reads `source_ip`, `timestamp` and `status` from one JSON access-log line in `buf[start, end)`
 * into `out`: fixed byte strings for the known layout, a lean scanner for any flat object, and
 * JSON.parse for anything else.
 */
export function scanLine(buf: Uint8Array, start: number, end: number, out: LineFields): BadLine {
  out.reset();
  const known = scanKnownLayout(buf, start, end, out);
  if (known !== NOT_KNOWN) return known as BadLine;
  const fast = scanFast(buf, start, end, out);
  if (fast !== FALLBACK) return fast as BadLine;
  out.reset();
  return parseWithJson(buf, start, end, out);
}
