import { LogKey } from "../../core/access-log-layout";
import { BadLine } from "./bad-line-reason";
import type { LineFields } from "./line-fields";
import { parseLogTime } from "./log-time";

/**
 * The slow, general path: JSON.parse for lines the fast scanner declines (escapes in the fields we
 * read, nested values, odd whitespace). Returns a BadLine code and fills `out` on success
 * (`peer_ip` too, when the line has it).
 */
export function parseWithJson(
  buf: Uint8Array,
  start: number,
  end: number,
  out: LineFields,
): BadLine {
  let value: unknown;
  try {
    value = JSON.parse(
      Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("utf8"),
    );
  } catch {
    return BadLine.NotJson;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return BadLine.NotJson;
  const record = value as Record<string, unknown>;
  const ip = record[LogKey.SourceIp];
  const time = record[LogKey.Timestamp];
  const status = statusOf(record[LogKey.Status]);
  if (
    typeof ip !== "string" ||
    (typeof time !== "string" && typeof time !== "number") ||
    status < 0
  )
    return BadLine.MissingField;
  const ipBytes = Buffer.from(ip, "latin1");
  out.ipBuf = ipBytes;
  out.ipStart = 0;
  out.ipEnd = ipBytes.length;
  out.status = status;
  const peer = record[LogKey.PeerIp];
  if (typeof peer === "string") {
    out.peerBuf = Buffer.from(peer, "latin1");
    out.peerStart = 0;
    out.peerEnd = out.peerBuf.length;
  }
  if (typeof time === "number") {
    out.timeMs =
      Number.isFinite(time) && time > 0 ? Math.floor(time > 1e11 ? time : time * 1000) : NaN;
  } else {
    const timeBytes = Buffer.from(time, "latin1");
    out.timeMs = parseLogTime(timeBytes, 0, timeBytes.length);
  }
  return Number.isNaN(out.timeMs) ? BadLine.BadTimestamp : BadLine.Ok;
}

function statusOf(value: unknown): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 999)
    return value;
  if (typeof value === "string" && /^\d{1,3}$/.test(value)) return Number(value);
  return -1;
}
