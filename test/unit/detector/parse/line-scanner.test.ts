import { describe, expect, it } from "vitest";
import { ACCESS_LOG_FIELDS } from "../../../../core/access-log-layout";
import { BadLine } from "../../../../detector/parse/bad-line-reason";
import { LineFields } from "../../../../detector/parse/line-fields";
import { scanLine } from "../../../../detector/parse/line-scanner";

function scan(line: string): {
  code: number;
  ip?: string;
  timeMs?: number;
  status?: number;
  peer?: string;
} {
  const buf = Buffer.from(`xx${line}yy`, "utf8");
  const out = new LineFields();
  const code = scanLine(buf, 2, buf.length - 2, out);
  if (code !== BadLine.Ok) return { code };
  return {
    code,
    ip: Buffer.from(out.ipBuf.subarray(out.ipStart, out.ipEnd)).toString("latin1"),
    timeMs: out.timeMs,
    status: out.status,
    ...(out.peerStart < 0
      ? {}
      : { peer: Buffer.from(out.peerBuf.subarray(out.peerStart, out.peerEnd)).toString("latin1") }),
  };
}

const SEED =
  '{"source_ip":"102.91.99.217","timestamp":"2026-04-27T02:31:00+00:00","method":"GET","path":"/","status":200,"response_size":6674}';
const AT = Date.UTC(2026, 3, 27, 2, 31, 0);

describe("scanLine", () => {
  it("reads the seed's exact format", () => {
    expect(scan(SEED)).toEqual({ code: BadLine.Ok, ip: "102.91.99.217", timeMs: AT, status: 200 });
  });

  it.each([
    [
      "an escaped quote in the path",
      '{"source_ip":"10.0.0.1","timestamp":"2026-04-27T02:31:00+00:00","method":"GET","path":"/a\\"b","status":404,"x":1}',
      404,
    ],
    [
      "an escaped backslash ending the path",
      '{"source_ip":"10.0.0.1","timestamp":"2026-04-27T02:31:00+00:00","method":"GET","path":"/a\\\\","status":200}',
      200,
    ],
    [
      "a blank after a colon (not the fixed layout)",
      '{"source_ip": "10.0.0.1","timestamp":"2026-04-27T02:31:00+00:00","method":"GET","path":"/","status":200}',
      200,
    ],
  ])("reads the known layout with %s", (_name, line, status) => {
    expect(JSON.parse(line)).toHaveProperty("status", status);
    expect(scan(line)).toEqual({ code: BadLine.Ok, ip: "10.0.0.1", timeMs: AT, status });
  });

  it("does not accept the known layout when the line does not close the object", () => {
    const line =
      '{"source_ip":"10.0.0.1","timestamp":"2026-04-27T02:31:00+00:00","method":"GET","path":"/","status":200,"resp';
    expect(scan(line).code).toBe(BadLine.NotJson);
  });

  it("tolerates extra fields, any order and whitespace", () => {
    const line =
      '{ "request_time": 0.004, "upstream": {"addr": "10.0.0.2:80"}, "status": "404", "timestamp" : "2026-04-27T03:31:00+01:00", "source_ip": "2001:db8::7", "ok": true, "n": null, "tags": [1, 2] }';
    expect(scan(line)).toEqual({ code: BadLine.Ok, ip: "2001:db8::7", timeMs: AT, status: 404 });
  });

  it("reads fields after values that contain escaped quotes and backslashes", () => {
    const line =
      '{"user_agent":"a \\"quoted\\" \\\\ agent","path":"/x?q=\\u00e9","source_ip":"10.0.0.1","timestamp":"2026-04-27T02:31:00Z","status":503}';
    expect(scan(line)).toEqual({ code: BadLine.Ok, ip: "10.0.0.1", timeMs: AT, status: 503 });
  });

  it("falls back to JSON.parse when a needed field is escaped", () => {
    const line =
      '{"source_ip":"10.0.0.\\u0031","timestamp":"2026-04-27T02:31:00+00:00","status":200}';
    expect(scan(line)).toMatchObject({ code: BadLine.Ok, ip: "10.0.0.1", timeMs: AT });
  });

  it("reads every line of the log format the stack renders for Nginx (components/render)", () => {
    const values: Record<string, string> = {
      $remote_addr: "2001:db8::7",
      $realip_remote_addr: "10.0.0.2",
      $time_iso8601: "2026-04-27T04:31:00+02:00",
      $status: "503",
      $request_time: "0.004",
      $body_bytes_sent: "512",
      $http_user_agent: 'Mozilla \\"quoted\\"',
    };
    const line = `{${ACCESS_LOG_FIELDS.map(({ name, value, type }) =>
      type === "number"
        ? `"${name}":${values[value] ?? "0"}`
        : `"${name}":"${values[value] ?? "-"}"`,
    ).join(",")}}`;
    expect(JSON.parse(line)).toMatchObject({ source_ip: "2001:db8::7", status: 503 });
    expect(scan(line)).toEqual({
      code: BadLine.Ok,
      ip: "2001:db8::7",
      timeMs: AT,
      status: 503,
      peer: "10.0.0.2",
    });
  });

  it("reads the project's own Nginx format, with an unquoted $status even as 000", () => {
    const line =
      '{"source_ip":"203.0.113.7","peer_ip":"203.0.113.7","timestamp":"2026-04-27T02:31:00+00:00","status":000,"method":"GET","path":"/api/files","response_size":0,"request_time":0.000,"upstream_addr":"","upstream_status":"","upstream_response_time":"","host":"example.test","user_agent":"curl/8","xff":""}';
    expect(scan(line)).toEqual({
      code: BadLine.Ok,
      ip: "203.0.113.7",
      timeMs: AT,
      status: 0,
      peer: "203.0.113.7",
    });
  });

  it("reads the seed's Nginx format (status after method and path), without a peer", () => {
    const line =
      '{"source_ip":"203.0.113.7","timestamp":"2026-04-27T02:31:00+00:00","method":"GET","path":"/api/files","status":000,"response_size":0}';
    expect(scan(line)).toEqual({ code: BadLine.Ok, ip: "203.0.113.7", timeMs: AT, status: 0 });
  });

  it.each([
    [
      "the fast scanner",
      '{"peer_ip":"10.0.0.2","source_ip":"203.0.113.7","timestamp":"2026-04-27T02:31:00Z","status":200}',
    ],
    [
      "JSON.parse",
      '{"peer_ip":"10.0.0.2","source_ip":"203.0.113.\\u0037","timestamp":"2026-04-27T02:31:00Z","status":200}',
    ],
  ])("reads peer_ip in any position through %s", (_name, line) => {
    expect(scan(line)).toMatchObject({ code: BadLine.Ok, ip: "203.0.113.7", peer: "10.0.0.2" });
  });

  it("accepts $msec-style epoch seconds as the timestamp, quoted or not", () => {
    expect(scan('{"source_ip":"10.0.0.1","timestamp":1777257060.5,"status":200}').timeMs).toBe(
      AT + 500,
    );
    expect(scan('{"source_ip":"10.0.0.1","timestamp":"1777257060.250","status":200}').timeMs).toBe(
      AT + 250,
    );
  });

  it.each([
    ["plain text", "GET / HTTP/1.1 200", BadLine.NotJson],
    [
      "a truncated object",
      '{"source_ip":"10.0.0.1","timestamp":"2026-04-27T02:31:00+00:00","sta',
      BadLine.NotJson,
    ],
    ["an array", '["10.0.0.1"]', BadLine.NotJson],
    ["a JSON string", '"hello"', BadLine.NotJson],
    ["trailing garbage", '{"source_ip":"10.0.0.1"} x', BadLine.NotJson],
    [
      "a missing source_ip",
      '{"timestamp":"2026-04-27T02:31:00+00:00","status":200}',
      BadLine.MissingField,
    ],
    ["a missing timestamp", '{"source_ip":"10.0.0.1","status":200}', BadLine.MissingField],
    [
      "a missing status",
      '{"source_ip":"10.0.0.1","timestamp":"2026-04-27T02:31:00+00:00"}',
      BadLine.MissingField,
    ],
    [
      "a non-numeric status",
      '{"source_ip":"10.0.0.1","timestamp":"2026-04-27T02:31:00+00:00","status":"OK"}',
      BadLine.MissingField,
    ],
    [
      "a numeric source_ip",
      '{"source_ip":167772161,"timestamp":"2026-04-27T02:31:00+00:00","status":200}',
      BadLine.MissingField,
    ],
    ["an empty object", "{}", BadLine.MissingField],
    [
      "a bad timestamp",
      '{"source_ip":"10.0.0.1","timestamp":"27/Apr/2026:02:31:00 +0000","status":200}',
      BadLine.BadTimestamp,
    ],
    [
      "a timestamp without zone",
      '{"source_ip":"10.0.0.1","timestamp":"2026-04-27T02:31:00","status":200}',
      BadLine.BadTimestamp,
    ],
  ])("classifies %s", (_name, line, code) => {
    expect(scan(line).code).toBe(code);
  });

  it("leaves address validation to the caller (the field is read as given)", () => {
    expect(scan('{"source_ip":"-","timestamp":"2026-04-27T02:31:00+00:00","status":200}').ip).toBe(
      "-",
    );
  });
});
