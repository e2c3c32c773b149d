import { describe, expect, it } from "vitest";
import {
  ACCESS_LOG_FIELDS,
  SEED_LEADING_KEYS,
  STACK_LEADING_KEYS,
} from "../../../../core/access-log-layout";
import { BadLine } from "../../../../detector/parse/bad-line-reason";
import { NOT_KNOWN, scanKnownLayout } from "../../../../detector/parse/known-layout";
import { LineFields } from "../../../../detector/parse/line-fields";
import { T0, accessLine, nginxLine } from "../../../kit/detector/lines";

/** What the fast path makes of `line`: BadLine.Ok, or NOT_KNOWN when it leaves it to the scanner. */
function fastPath(line: string): number {
  const buf = Buffer.from(line, "utf8");
  return scanKnownLayout(buf, 0, buf.length, new LineFields());
}

/** A line with every field of the layout, in its order, as Nginx fills it. */
function layoutLine(): string {
  const body = ACCESS_LOG_FIELDS.map(({ name, type }) =>
    type === "number" ? `"${name}":${name === "status" ? 200 : 0}` : `"${name}":"-"`,
  );
  body[0] = '"source_ip":"203.0.113.7"';
  body[1] = '"peer_ip":"203.0.113.7"';
  body[2] = '"timestamp":"2026-04-27T00:00:00+00:00"';
  return `{${body.join(",")}}`;
}

describe("the access-log layout and the parser's fast path", () => {
  it("leads every line with the fields the detector reads, in the order it matches them", () => {
    expect(ACCESS_LOG_FIELDS.slice(0, STACK_LEADING_KEYS.length).map((f) => f.name)).toEqual([
      ...STACK_LEADING_KEYS,
    ]);
  });

  it("reads a line laid out as the renderer writes it without falling back", () => {
    expect(fastPath(layoutLine())).toBe(BadLine.Ok);
  });

  it("reads the test kit's lines of both layouts on the fast path", () => {
    expect(fastPath(nginxLine("203.0.113.7", "10.0.0.2", T0))).toBe(BadLine.Ok);
    expect(fastPath(accessLine("203.0.113.7", T0))).toBe(BadLine.Ok);
    expect(Object.keys(JSON.parse(accessLine("203.0.113.7", T0))).slice(0, 5)).toEqual([
      ...SEED_LEADING_KEYS,
    ]);
  });

  it("leaves any other order to the general scanner", () => {
    expect(
      fastPath('{"timestamp":"2026-04-27T00:00:00+00:00","source_ip":"1.2.3.4","status":200}'),
    ).toBe(NOT_KNOWN);
  });
});
