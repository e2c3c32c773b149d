import { describe, expect, it } from "vitest";
import { ROLE_LABEL } from "../../../../core/roles";
import { ResourceType } from "../../../../policies/crossguard/lib/resource-types";
import { noPlaintextSecrets } from "../../../../policies/crossguard/secrets";
import { Unknown, changed, compliantContainer, violations } from "../kit";

const HOW =
  "pass it with pulumi.secret(...) or config.requireSecret(...), or mount it from a file.";
const SLACK = "https://hooks.slack.com/services/T000/B000/XXXXXXXX";
const KEY =
  "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";

const withEnv = (env: string) =>
  changed(compliantContainer(), "envs", ["NODE_ENV=production", env]);

describe.each([
  ["a Slack webhook URL", `ALERT_URL=${SLACK}`, "env ALERT_URL", "a webhook URL"],
  ["a *_TOKEN variable", "CHAOS_TOKEN=s3cr3t", "env CHAOS_TOKEN", "a token name"],
  ["a *_KEY variable", "API_KEY=abc123", "env API_KEY", "a key name"],
  ["a PASSWORD variable", "PASSWORD=hunter2", "env PASSWORD", "a password name"],
  ["a private key block", `SSH_IDENTITY=${KEY}`, "env SSH_IDENTITY", "a private key"],
  [
    "a GitHub token under an innocent name",
    `GREETING=ghp_${"a".repeat(36)}`,
    "env GREETING",
    "a token",
  ],
  [
    "a URL with a password",
    "DATABASE_URL=postgres://app:pw@db/app",
    "env DATABASE_URL",
    "a URL with a password",
  ],
])("no-plaintext-secrets with %s in envs", (_, env, what, kind) => {
  it("reports one violation naming the variable, never its value", async () => {
    const messages = await violations(noPlaintextSecrets, { props: withEnv(env) });
    expect(messages).toEqual([
      `container "api" (role api-stable) ${what} must not hold a secret in plain text (it looks like ${kind}): ${HOW}`,
    ]);
    expect(messages[0]).not.toContain(env.slice(env.indexOf("=") + 1));
  });

  it("accepts the same value when it is a Pulumi secret", async () => {
    expect(
      await violations(noPlaintextSecrets, { props: withEnv(env), secretPaths: [["envs", 1]] }),
    ).toEqual([]);
  });

  it("accepts it when the whole envs list is a Pulumi secret", async () => {
    expect(
      await violations(noPlaintextSecrets, { props: withEnv(env), secretPaths: [["envs"]] }),
    ).toEqual([]);
  });
});

describe("no-plaintext-secrets", () => {
  it.each([
    ["an empty token variable", "CHAOS_TOKEN="],
    ["a path to a key file", "API_KEY_FILE=/run/secrets/api_key"],
    ["a public key", "SSH_PUBLIC_KEY=ssh-ed25519 AAAAC3Nz"],
    ["a plain URL", "UPSTREAM=http://api-stable:3000"],
    ["a bare name", "DEBUG"],
  ])("accepts %s", async (_, env) => {
    expect(await violations(noPlaintextSecrets, { props: withEnv(env) })).toEqual([]);
  });

  it("checks labels by their key and value", async () => {
    const props = changed(compliantContainer(), "labels", [
      { label: ROLE_LABEL, value: "api-stable" },
      { label: "com.example.api-token", value: "t0k3n" },
    ]);
    expect(await violations(noPlaintextSecrets, { props })).toEqual([
      `container "api" (role api-stable) label com.example.api-token must not hold a secret in plain text (it looks like a token name): ${HOW}`,
    ]);
  });

  it("checks network labels", async () => {
    const props = { name: "net", labels: [{ label: "alert", value: SLACK }] };
    expect(
      await violations(noPlaintextSecrets, { type: ResourceType.Network, name: "net", props }),
    ).toEqual([
      `network "net" label alert must not hold a secret in plain text (it looks like a webhook URL): ${HOW}`,
    ]);
  });

  it("checks a remote command's environment, and accepts a secret one", async () => {
    const props = { create: "install", environment: { WEBHOOK_URL: SLACK, MODE: "x" } };
    const resource = { type: ResourceType.RemoteCommand, name: "detector-install", props };
    expect(await violations(noPlaintextSecrets, resource)).toEqual([
      `command "detector-install" environment WEBHOOK_URL must not hold a secret in plain text (it looks like a webhook URL): ${HOW}`,
    ]);
    expect(
      await violations(noPlaintextSecrets, {
        ...resource,
        secretPaths: [["environment", "WEBHOOK_URL"]],
      }),
    ).toEqual([]);
  });

  it("still judges the known variables when one is unknown at preview", async () => {
    const props = changed(compliantContainer(), "envs", [Unknown.string, "CHAOS_TOKEN=s3cr3t"]);
    expect(await violations(noPlaintextSecrets, { props })).toEqual([
      expect.stringContaining("env CHAOS_TOKEN must not"),
    ]);
  });

  it("stays quiet while the whole list is unknown", async () => {
    expect(
      await violations(noPlaintextSecrets, {
        props: changed(compliantContainer(), "envs", Unknown.array),
      }),
    ).toEqual([]);
  });

  it("does not take a secret elsewhere as covering this variable", async () => {
    const props = withEnv("CHAOS_TOKEN=s3cr3t");
    expect(
      await violations(noPlaintextSecrets, { props, secretPaths: [["envs", 0]] }),
    ).toHaveLength(1);
  });
});
