const MS_PER_DAY = 86_400_000;

function digits(buf: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const CACHE_BYTES = 40;
const cached = new Uint8Array(CACHE_BYTES);
let cachedLength = -1;
let cachedMs = NaN;

/**
 * Reads a log timestamp in `buf[start, end)` into epoch milliseconds, or NaN. Accepts Nginx's
 * `$time_iso8601` (2026-04-27T02:31:00+00:00), fractions, "Z", ±HHMM, and `$msec`-style epoch
 * seconds ("1777257060.123"). Consecutive lines mostly share a second, so the last one is memoised.
 */
export function parseLogTime(buf: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len === cachedLength) {
    let i = len - 1;
    while (i >= 0 && buf[start + i] === cached[i]) i--;
    if (i < 0) return cachedMs;
  }
  const ms = parseUncached(buf, start, end);
  if (len <= CACHE_BYTES) {
    for (let i = 0; i < len; i++) cached[i] = buf[start + i]!;
    cachedLength = len;
    cachedMs = ms;
  }
  return ms;
}

function parseUncached(buf: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len >= 19 && buf[start + 4] === 0x2d) return parseIso(buf, start, end);
  if (len === 0 || len > 24) return NaN;
  let seconds = 0;
  let scale = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 0x2e && scale === 0) {
      scale = 1;
      continue;
    }
    const d = c - 0x30;
    if (d < 0 || d > 9) return NaN;
    if (scale === 0) seconds = seconds * 10 + d;
    else seconds += d / (scale *= 10);
  }
  return seconds > 1e11 ? Math.floor(seconds) : Math.floor(seconds * 1000);
}

function parseIso(buf: Uint8Array, s: number, end: number): number {
  const year = digits(buf, s, 4);
  const month = digits(buf, s + 5, 2);
  const day = digits(buf, s + 8, 2);
  const hour = digits(buf, s + 11, 2);
  const minute = digits(buf, s + 14, 2);
  const second = digits(buf, s + 17, 2);
  const t = buf[s + 10];
  if (
    buf[s + 7] !== 0x2d ||
    (t !== 0x54 && t !== 0x20) ||
    buf[s + 13] !== 0x3a ||
    buf[s + 16] !== 0x3a
  )
    return NaN;
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
  let i = s + 19;
  let millis = 0;
  if (i < end && buf[i] === 0x2e) {
    let scale = 100;
    i++;
    const fracStart = i;
    while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) {
      millis += (buf[i]! - 0x30) * scale;
      scale /= 10;
      i++;
    }
    if (i === fracStart) return NaN;
    millis = Math.floor(millis);
  }
  let offsetMinutes = 0;
  if (i === end) return NaN; // no offset: local time of an unknown zone
  const sign = buf[i];
  if (sign === 0x5a && i + 1 === end) {
    offsetMinutes = 0;
  } else if (sign === 0x2b || sign === 0x2d) {
    const oh = digits(buf, i + 1, 2);
    const colon = buf[i + 3] === 0x3a;
    const om = digits(buf, i + (colon ? 4 : 3), 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59 || i + (colon ? 6 : 5) !== end) return NaN;
    offsetMinutes = (sign === 0x2b ? 1 : -1) * (oh * 60 + om);
  } else {
    return NaN;
  }
  const days = daysFromCivil(year, month, day);
  return days * MS_PER_DAY + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
}
