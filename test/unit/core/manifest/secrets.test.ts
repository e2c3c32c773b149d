import { describe, expect, it } from "vitest";
import { parseManifest, secretKind } from "../../../../core/manifest";
import { MINIMAL_YAML, problemsOf } from "../../../kit/manifest";

const SLACK = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";

describe("secrets in the manifest", () => {
  describe.each([
    ["a Slack webhook", SLACK, "a URL"],
    ["a URL with credentials", "https://user:pass@example.org", "a URL"],
    ["a Discord webhook without scheme", "discord.com/api/webhooks/1/abc", "a webhook URL"],
    ["an OpenSSH private key", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc", "a private key"],
    ["a Slack bot token", "xoxb-1234567890-abcdefghij", "a token"],
    ["a GitHub token", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "a token"],
    ["an AWS access key id", "AKIAIOSFODNN7EXAMPLE", "a token"],
  ])("%s", (_name, value, kind) => {
    it(`is recognised as ${kind}`, () => {
      expect(secretKind(value)).toBe(kind);
    });
  });

  it.each(["alertWebhookUrl", "swiftdeploy:alertWebhookUrl", "nginx:1.27-bookworm", "10.0.0.0/8"])(
    "leaves the ordinary value %s alone",
    (value) => {
      expect(secretKind(value)).toBeUndefined();
    },
  );

  it("rejects a webhook URL in alerts.webhookConfigKey without printing it", () => {
    const problems = problemsOf(`${MINIMAL_YAML}alerts:\n  webhookConfigKey: ${SLACK}\n`);
    expect(problems).toEqual([
      'manifest.yaml:8:21 alerts.webhookConfigKey: expected the name of the Pulumi config key that holds the webhook URL, like "alertWebhookUrl" (store the URL with `pulumi config set --secret alertWebhookUrl <url>`); the URL itself must not be in the manifest, found a URL (value hidden)',
    ]);
    expect(problems.join("\n")).not.toContain("hooks.slack.com");
  });

  it("accepts the name of the config key that holds the webhook URL", () => {
    const manifest = parseManifest(
      `${MINIMAL_YAML}alerts:\n  webhookConfigKey: swiftdeploy:alertWebhookUrl\n`,
      "manifest.yaml",
    );
    expect(manifest.alerts.webhookConfigKey).toBe("swiftdeploy:alertWebhookUrl");
  });

  it("rejects a config key name that is not a Pulumi key", () => {
    expect(problemsOf(`${MINIMAL_YAML}alerts:\n  webhookConfigKey: "my key"\n`)).toEqual([
      'manifest.yaml:8:21 alerts.webhookConfigKey: expected the name of the Pulumi config key that holds the webhook URL, like "alertWebhookUrl" (store the URL with `pulumi config set --secret alertWebhookUrl <url>`), found "my key"',
    ]);
  });

  it("rejects a secret in any field, in place of whatever else the schema says about it", () => {
    const problems = problemsOf(
      `${MINIMAL_YAML}detector:\n  allowlist: ["xoxb-1234567890-abcdefghij"]\n`,
    );
    expect(problems).toEqual([
      "manifest.yaml:8:15 detector.allowlist[0]: expected no secrets in the manifest (store them with `pulumi config set --secret <key> <value>` and name the key here; docs/manifest.md#secrets), found a token (value hidden)",
    ]);
  });

  it("hints that an SSH key belongs in Pulumi config when one is added to host", () => {
    const [unknown] = problemsOf(`${MINIMAL_YAML}host:\n  sshKey: ~/.ssh/id_ed25519\n`);
    expect(unknown).toBe(
      'manifest.yaml:8:3 host.sshKey: expected one of the fields address, port, user; secrets (SSH keys, webhook URLs, tokens) belong in Pulumi config as secrets (docs/manifest.md#secrets), found an unknown field "sshKey"',
    );
  });
});
