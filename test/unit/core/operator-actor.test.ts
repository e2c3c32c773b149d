import { describe, expect, it } from "vitest";
import { parseDurationText } from "../../../core/duration-text";
import { operatorActor } from "../../../core/operator-actor";

const source = { user: () => "alice", host: () => "laptop" };

describe("operatorActor", () => {
  it("is user@host of this machine", () => {
    expect(operatorActor({}, source)).toBe("alice@laptop");
  });

  it("is SWIFTDEPLOY_ACTOR when set (automation), trimmed", () => {
    expect(operatorActor({ SWIFTDEPLOY_ACTOR: " ci-bot@runner-3 " }, source)).toBe(
      "ci-bot@runner-3",
    );
    expect(operatorActor({ SWIFTDEPLOY_ACTOR: "  " }, source)).toBe("alice@laptop");
  });

  it("falls back to USER when the uid has no passwd entry", () => {
    const noPasswd = {
      user: () => {
        throw new Error("ENOENT");
      },
      host: () => "ci",
    };
    expect(operatorActor({ USER: "runner" }, noPasswd)).toBe("runner@ci");
  });
});

describe("parseDurationText", () => {
  it.each([
    ["90s", 90],
    ["10m", 600],
    ["2h", 7200],
    ["1d", 86_400],
    ["1w", 604_800],
    ["1h30m", 5400],
    [" 2H ", 7200],
    ["permanent", null],
  ])("reads %j as %j seconds", (text, seconds) => {
    expect(parseDurationText(text)).toEqual({ seconds });
  });

  it.each([
    ["2", 'expected a length such as 90s, 10m, 2h, 1d, 1h30m or "permanent", not "2"'],
    ["2 hours", "expected a length such as"],
    ["-5m", "expected a length such as"],
    ["0s", 'the length must be at least 1s, not "0s"'],
    ["3651d", 'the length must be at most 3650d (use "permanent"), not "3651d"'],
  ])("refuses %j", (text, error) => {
    expect((parseDurationText(text) as { error: string }).error).toContain(error);
  });
});
