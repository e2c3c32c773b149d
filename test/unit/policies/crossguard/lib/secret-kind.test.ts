import { describe, expect, it } from "vitest";
import {
  normaliseName,
  secretKind,
  splitEnv,
} from "../../../../../policies/crossguard/lib/secret-kind";

describe("secretKind", () => {
  it.each([
    ["SLACK", "https://hooks.slack.com/services/T/B/x", "a webhook URL"],
    ["HOOK", "https://discord.com/api/webhooks/1/abc", "a webhook URL"],
    ["AWS", "AKIAABCDEFGHIJKLMNOP", "a token"],
    ["SLACK_BOT", "xoxb-1234567890-abcdef", "a token"],
    ["OPENAI", `sk-${"x".repeat(24)}`, "a token"],
    ["DB_PASSWORD", "pw", "a password name"],
    ["APP_SECRET", "pw", "a secret name"],
    ["GIT_CREDENTIALS", "pw", "a credentials name"],
  ])("%s=%s looks like %s", (name, value, kind) => {
    expect(secretKind(name, value)).toBe(kind);
  });

  it.each([
    ["MONKEY", "banana"],
    ["KEYBOARD", "qwerty"],
    ["TOKEN_TTL", "3600"],
    ["SSH_PUBLIC_KEY", "ssh-ed25519 AAAA"],
    ["API_TOKEN", ""],
  ])("%s=%s does not", (name, value) => {
    expect(secretKind(name, value)).toBeUndefined();
  });
});

describe("names and entries", () => {
  it("normalises label keys to upper snake case", () => {
    expect(normaliseName("com.example.api-token")).toBe("COM_EXAMPLE_API_TOKEN");
  });

  it("splits NAME=value on the first =", () => {
    expect(splitEnv("A=b=c")).toEqual({ name: "A", value: "b=c" });
    expect(splitEnv("A")).toEqual({ name: "A", value: "" });
  });
});
