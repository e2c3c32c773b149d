import { BadLine } from "./bad-line-reason";
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
import { NOT_KNOWN, scanKnownLayout } from "./known-layout";
import type { LineFields } from "./line-fields";
import { parseLogTime } from "./log-time";

/**
 * Reads `source_ip`, `timestamp` and `status` from the readable start of a line too long to keep
 * (`buf[start, end)` is its first bytes): the leading key/value pairs of a flat object, up to where
 * the prefix ends or the object stops being flat. Address and time are required; `status` is -1
 * when it lies past the prefix (the request still counts, as a non-error). The stack's own layout,
 * with those fields first, is matched as fixed bytes like a whole line.
 */
export function scanLeadingFields(
  buf: Uint8Array,
  start: number,
  end: number,
  out: LineFields,
): BadLine {
  out.reset();
  const known = scanKnownLayout(buf, start, end, out, true);
  if (known !== NOT_KNOWN) return known as BadLine;
  out.reset();
  let i = start;
  while (i < end && isWs(buf[i])) i++;
  if (i >= end || buf[i] !== 0x7b) return BadLine.NotJson;
  i++;
  let ipStart = -1;
  let ipEnd = -1;
  let timeStart = -1;
  let timeEnd = -1;
  let status = -1;
  for (;;) {
    while (i < end && isWs(buf[i])) i++;
    if (i >= end || buf[i] !== QUOTE) break;
    const keyStart = ++i;
    while (i < end && buf[i] !== QUOTE && buf[i] !== BACKSLASH) i++;
    if (i >= end || buf[i] !== QUOTE) break;
    const field = fieldOf(buf, keyStart, i);
    i++;
    while (i < end && isWs(buf[i])) i++;
    if (i >= end || buf[i] !== 0x3a) break;
    i++;
    while (i < end && isWs(buf[i])) i++;
    if (i >= end) break;
    const c0 = buf[i]!;
    if (c0 === QUOTE) {
      const valueStart = ++i;
      let escaped = false;
      while (i < end && buf[i] !== QUOTE) {
        if (buf[i] === BACKSLASH) {
          escaped = true;
          i++;
        }
        i++;
      }
      if (i >= end) break;
      if (field !== Field.Other && escaped) break;
      if (field === Field.Ip) {
        ipStart = valueStart;
        ipEnd = i;
      } else if (field === Field.Time) {
        timeStart = valueStart;
        timeEnd = i;
      } else if (field === Field.Status) {
        status = smallInt(buf, valueStart, i);
      } else if (field === Field.Peer) {
        out.peerBuf = buf;
        out.peerStart = valueStart;
        out.peerEnd = i;
      }
      i++;
    } else if (c0 === 0x2d || (c0 >= 0x30 && c0 <= 0x39)) {
      const numStart = i;
      i = numberEnd(buf, i, end);
      // A number that runs into the end of the prefix may have been cut.
      if (i < 0 || i >= end) break;
      if (field === Field.Status) status = smallInt(buf, numStart, i);
      else if (field === Field.Time) {
        timeStart = numStart;
        timeEnd = i;
      }
    } else {
      i = literalEnd(buf, i, end);
      if (i < 0) break;
    }
    if (ipStart >= 0 && timeStart >= 0 && status >= 0) break;
    while (i < end && isWs(buf[i])) i++;
    if (i >= end || buf[i] !== 0x2c) break;
    i++;
  }
  if (ipStart < 0 || timeStart < 0) return BadLine.MissingField;
  out.ipBuf = buf;
  out.ipStart = ipStart;
  out.ipEnd = ipEnd;
  out.status = status;
  out.timeMs = parseLogTime(buf, timeStart, timeEnd);
  return Number.isNaN(out.timeMs) ? BadLine.BadTimestamp : BadLine.Ok;
}
