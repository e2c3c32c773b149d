import { isUtf8 } from "node:buffer";

/** True when `buf[start, end)` is valid UTF-8 (ASCII-only lines are answered without a copy). */
export function isUtf8Line(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i]! >= 0x80) return isUtf8(buf.subarray(start, end));
  return true;
}
