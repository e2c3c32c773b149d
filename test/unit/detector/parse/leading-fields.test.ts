import { describe, expect, it } from "vitest";
import { BadLine } from "../../../../detector/parse/bad-line-reason";
import { scanLeadingFields } from "../../../../detector/parse/leading-fields";
import { LineFields } from "../../../../detector/parse/line-fields";

const AT = Date.UTC(2026, 3, 27, 2, 31, 0);
const TIME = '"timestamp":"2026-04-27T02:31:00+00:00"';

function lead(prefix: string) {
  const buf = Buffer.from(prefix, "latin1");
  const out = new LineFields();
  const code = scanLeadingFields(buf, 0, buf.length, out);
  const text = (b: Uint8Array, s: number, e: number) =>
    Buffer.from(b.subarray(s, e)).toString("latin1");
  return {
    code,
    ...(code === BadLine.Ok
      ? {
          ip: text(out.ipBuf, out.ipStart, out.ipEnd),
          timeMs: out.timeMs,
          status: out.status,
          peer: out.peerStart < 0 ? null : text(out.peerBuf, out.peerStart, out.peerEnd),
        }
      : {}),
  };
}

describe("scanLeadingFields (the readable start of an over-long line)", () => {
  it("reads address, peer, time and status that come before the cut", () => {
    expect(
      lead(
        `{"source_ip":"203.0.113.9","peer_ip":"10.0.0.2",${TIME},"status":404,"user_agent":"AAAA`,
      ),
    ).toEqual({ code: BadLine.Ok, ip: "203.0.113.9", timeMs: AT, status: 404, peer: "10.0.0.2" });
  });

  it("reads the seed's layout, where status follows method and path", () => {
    expect(
      lead(`{"source_ip":"203.0.113.9",${TIME},"method":"GET","path":"/a\\"b","status":200,"x`),
    ).toMatchObject({ code: BadLine.Ok, status: 200, peer: null });
  });

  it.each([
    ["cut inside the path", `{"source_ip":"203.0.113.9",${TIME},"method":"GET","path":"/aaaa`],
    ["cut inside the status number", `{"source_ip":"203.0.113.9",${TIME},"status":20`],
    ["a nested value before status", `{"source_ip":"203.0.113.9",${TIME},"h":{"a":1},"status":200`],
  ])("counts the request without a status when it is %s", (_, prefix) => {
    expect(lead(prefix)).toMatchObject({ code: BadLine.Ok, ip: "203.0.113.9", status: -1 });
  });

  it.each([
    ["no address before the cut", `{${TIME},"user_agent":"AAAA`, BadLine.MissingField],
    ["an address cut in half", '{"source_ip":"203.0.11', BadLine.MissingField],
    [
      "an escaped address",
      `{"source_ip":"203.0.113.9\\u0000",${TIME},"status":200`,
      BadLine.MissingField,
    ],
    ["not an object", "AAAAAAAA", BadLine.NotJson],
    [
      "a bad time",
      '{"source_ip":"203.0.113.9","timestamp":"yesterday","status":200',
      BadLine.BadTimestamp,
    ],
  ])("refuses %s", (_, prefix, code) => {
    expect(lead(prefix).code).toBe(code);
  });
});
