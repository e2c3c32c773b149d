import { describe, expect, it } from "vitest";
import { daysFromCivil, parseLogTime } from "../../../../detector/parse/log-time";

const parse = (text: string): number => parseLogTime(Buffer.from(text, "latin1"), 0, text.length);

describe("parseLogTime", () => {
  it.each([
    ["2026-04-27T02:31:00+00:00", Date.UTC(2026, 3, 27, 2, 31, 0)],
    ["2026-04-27T04:31:00+02:00", Date.UTC(2026, 3, 27, 2, 31, 0)],
    ["2026-04-26T21:01:00-05:30", Date.UTC(2026, 3, 27, 2, 31, 0)],
    ["2026-04-27T02:31:00Z", Date.UTC(2026, 3, 27, 2, 31, 0)],
    ["2026-04-27T02:31:00+0000", Date.UTC(2026, 3, 27, 2, 31, 0)],
    ["2026-04-27T02:31:00.123+00:00", Date.UTC(2026, 3, 27, 2, 31, 0, 123)],
    ["2026-04-27T02:31:00.5Z", Date.UTC(2026, 3, 27, 2, 31, 0, 500)],
    ["2024-02-29T23:59:59+00:00", Date.UTC(2024, 1, 29, 23, 59, 59)],
    ["1999-12-31T23:59:59+00:00", Date.UTC(1999, 11, 31, 23, 59, 59)],
    ["1777257060", Date.UTC(2026, 3, 27, 2, 31, 0)],
    ["1777257060123", Date.UTC(2026, 3, 27, 2, 31, 0, 123)],
  ])("reads %s", (text, ms) => {
    expect(parse(text)).toBe(ms);
  });

  it("agrees with Date.parse on many dates (the memo never returns a stale value)", () => {
    for (let day = 0; day < 800; day += 7) {
      const ms = Date.UTC(2025, 0, 1) + day * 86_400_000 + day * 3_601_000;
      const text = new Date(ms).toISOString().replace(".000Z", "+00:00");
      expect(parse(text)).toBe(ms);
    }
  });

  it.each([
    "",
    "2026-04-27",
    "2026-13-01T00:00:00Z",
    "2026-04-27T24:00:00Z",
    "2026-04-27T02:31:00",
    "2026-04-27T02:31:00+",
    "2026-04-27T02:31:00.Z",
    "2026-04-27X02:31:00Z",
    "2026-04-27T02:31:00+00:00x",
    "12ab",
    "-",
  ])("rejects %j", (text) => {
    expect(parse(text)).toBeNaN();
  });

  it("counts days like the proleptic Gregorian calendar", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(11_017);
  });
});
