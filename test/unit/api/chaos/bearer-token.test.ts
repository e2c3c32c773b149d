import { describe, expect, it } from "vitest";
import { bearerMatches } from "../../../../api/chaos/bearer-token";

const TOKEN = "correct-horse-battery-staple";

describe("bearerMatches", () => {
  it.each([
    [`Bearer ${TOKEN}`, true],
    [`bearer ${TOKEN}`, true],
    [`Bearer  ${TOKEN} `, true],
    [undefined, false],
    ["", false],
    ["Bearer", false],
    [`Bearer ${TOKEN}x`, false],
    [`Bearer ${TOKEN.slice(0, -1)}`, false],
    [`Basic ${TOKEN}`, false],
    [TOKEN, false],
    [`Bearer ${TOKEN} extra`, false],
  ])("judges %j as %s", (header, expected) => {
    expect(bearerMatches(header, TOKEN)).toBe(expected);
  });
});
