import { LogKey } from "../../core/access-log-layout";

/** The fields the scanners look for, by key. */
export const Field = { Other: 0, Ip: 1, Time: 2, Status: 3, Peer: 4 } as const;
export type Field = (typeof Field)[keyof typeof Field];

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;

const SOURCE_IP = Buffer.from(LogKey.SourceIp);
const TIMESTAMP = Buffer.from(LogKey.Timestamp);
const STATUS = Buffer.from(LogKey.Status);
const PEER_IP = Buffer.from(LogKey.PeerIp);

/** Blank between tokens: JSON allows four; any control byte there is taken as blank too. */
export function isWs(c: number | undefined): boolean {
  return c !== undefined && c <= 0x20;
}

function same(buf: Uint8Array, start: number, end: number, key: Uint8Array): boolean {
  if (end - start !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (buf[start + i] !== key[i]) return false;
  return true;
}

/** Which field the key `buf[start, end)` names (`same` compares lengths before any byte). */
export function fieldOf(buf: Uint8Array, start: number, end: number): Field {
  if (same(buf, start, end, SOURCE_IP)) return Field.Ip;
  if (same(buf, start, end, TIMESTAMP)) return Field.Time;
  if (same(buf, start, end, STATUS)) return Field.Status;
  if (same(buf, start, end, PEER_IP)) return Field.Peer;
  return Field.Other;
}

/** End of a JSON number starting at `i`, or -1 when it breaks the grammar. */
export function numberEnd(buf: Uint8Array, i: number, end: number): number {
  if (buf[i] === 0x2d) i++;
  if (i >= end) return -1;
  if (buf[i] === 0x30) i++;
  else if (buf[i]! >= 0x31 && buf[i]! <= 0x39)
    while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
  else return -1;
  if (buf[i] === 0x2e) {
    const from = ++i;
    while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
    if (i === from) return -1;
  }
  if ((buf[i]! | 0x20) === 0x65 && i < end) {
    i++;
    if (buf[i] === 0x2b || buf[i] === 0x2d) i++;
    const from = i;
    while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
    if (i === from) return -1;
  }
  return i;
}

/** End of `true`, `false` or `null` starting at `i`, or -1. */
export function literalEnd(buf: Uint8Array, i: number, end: number): number {
  const c = buf[i];
  const word = c === 0x74 ? "true" : c === 0x66 ? "false" : c === 0x6e ? "null" : "";
  if (word === "" || i + word.length > end) return -1;
  for (let k = 1; k < word.length; k++) if (buf[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}

/** Three-digit-or-less unsigned integer in `buf[start, end)`, or -1. */
export function smallInt(buf: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 3) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}
