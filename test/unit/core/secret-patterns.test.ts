import { describe, expect, it } from "vitest";
import { secretKind as manifestSecretKind } from "../../../core/manifest";
import {
  SECRET_VALUE_PATTERNS,
  secretValueKind,
  type SecretPattern,
} from "../../../core/secret-patterns";
import { secretKind as packSecretKind } from "../../../policies/crossguard/lib/secret-kind";

/** A value of each kind on the shared list, without a URL scheme where the kind allows. */
const SAMPLES: Record<string, readonly string[]> = {
  "a private key": ["-----BEGIN OPENSSH PRIVATE KEY-----\nabc"],
  "a webhook URL": [
    "hooks.slack.com/services/T0/B0/x",
    "discord.com/api/webhooks/1/abc",
    "discordapp.com/api/webhooks",
    "outlook.webhook.office.com/webhookb2/abc",
  ],
  "a URL with a password": ["https://user:pass@example.org"],
  "a token": [
    "xoxb-1234567890-abcdef",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "AKIAIOSFODNN7EXAMPLE",
    `sk-${"x".repeat(24)}`,
  ],
};

/** Adds `pattern` to the shared list for the duration of `run` (the list is one array). */
function withPattern(pattern: SecretPattern, run: () => void): void {
  const list = SECRET_VALUE_PATTERNS as SecretPattern[];
  list.push(pattern);
  try {
    run();
  } finally {
    list.splice(list.indexOf(pattern), 1);
  }
}

describe("the secret patterns the manifest scan and the CrossGuard pack share", () => {
  it("has a sample for every kind on the list", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(SECRET_VALUE_PATTERNS.map((p) => p.what).sort());
  });

  describe.each(Object.entries(SAMPLES))("%s", (kind, values) => {
    it.each(values)("is found in %s by both consumers alike", (value) => {
      expect(secretValueKind(value)).toBe(kind);
      expect(packSecretKind("VALUE", value)).toBe(kind);
      // The manifest names any URL "a URL" first: it holds no URL at all.
      expect(manifestSecretKind(value)).toBe(/^[a-z]+:\/\//.test(value) ? "a URL" : kind);
    });
  });

  it("is one list: a pattern added to it is found by both", () => {
    const value = "swiftdeploy-test-secret-0123";
    expect(manifestSecretKind(value)).toBeUndefined();
    expect(packSecretKind("VALUE", value)).toBeUndefined();
    withPattern({ test: /swiftdeploy-test-secret-/, what: "a test secret" }, () => {
      expect(manifestSecretKind(value)).toBe("a test secret");
      expect(packSecretKind("VALUE", value)).toBe("a test secret");
    });
  });

  it("leaves a plain URL to the manifest alone: env vars and labels may hold one", () => {
    expect(manifestSecretKind("http://opa:8181")).toBe("a URL");
    expect(packSecretKind("OPA_URL", "http://opa:8181")).toBeUndefined();
  });
});
