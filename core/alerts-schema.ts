import { z } from "zod";
import { secretKind } from "./manifest/secret-kind";

const CONFIG_KEY = /^([A-Za-z][A-Za-z0-9_-]*:)?[A-Za-z][A-Za-z0-9_.-]*$/;

const KEY_PHRASE =
  'the name of the Pulumi config key that holds the webhook URL, like "alertWebhookUrl" (store the URL with `pulumi config set --secret alertWebhookUrl <url>`)';

/**
 * Alerts to a Slack-compatible webhook, the one schema: where they go (the Pulumi config key of the
 * URL, a secret never written here) and how the detector sends them. The manifest shows the first
 * part as its top-level `alerts` and the second as `detector.alerts` (the daemon's settings file,
 * which never holds the key: the URL reaches the daemon only as SWIFTDEPLOY_ALERT_WEBHOOK_URL).
 */
export const AlertsSchema = z.strictObject({
  webhookConfigKey: z
    .string({ error: KEY_PHRASE })
    .refine((value) => secretKind(value) === undefined, {
      error: `${KEY_PHRASE}; the URL itself must not be in the manifest`,
      abort: true,
    })
    .regex(CONFIG_KEY, { error: KEY_PHRASE })
    .optional()
    .describe(
      "Pulumi config key (e.g. alertWebhookUrl, set as a secret) holding the alert webhook URL. Unset: no webhook alerts.",
    ),
  enabled: z
    .boolean()
    .default(true)
    .describe("Send alerts when SWIFTDEPLOY_ALERT_WEBHOOK_URL is set (the URL is never here)."),
  events: z
    .strictObject({
      ban: z.boolean().default(true).describe("A message per ban."),
      unban: z.boolean().default(true).describe("A message per unban."),
      surge: z.boolean().default(true).describe("Global surge alerts."),
      badLines: z
        .boolean()
        .default(true)
        .describe("Alerts on a surge of over-long or unreadable log lines."),
    })
    .prefault({})
    .describe("Which events send a message (the audit log records all of them regardless)."),
  queueSize: z
    .int()
    .min(1)
    .max(100_000)
    .default(1000)
    .describe("Messages waiting at most; beyond it the least important are dropped and counted."),
  timeoutMs: z.int().min(100).max(120_000).default(5000).describe("Timeout of one attempt."),
  retries: z.int().min(0).max(10).default(3).describe("Retries after a failed attempt."),
  backoffMs: z
    .int()
    .min(10)
    .max(600_000)
    .default(1000)
    .describe("First retry delay; doubles each time (Retry-After wins)."),
  maxBackoffMs: z.int().min(10).max(3_600_000).default(30_000).describe("Longest retry delay."),
  coalesce: z
    .strictObject({
      windowSeconds: z.int().min(1).max(3600).default(10).describe("Coalescing window."),
      maxMessages: z
        .int()
        .min(1)
        .max(1000)
        .default(5)
        .describe("Ban/unban messages per window before the rest become one digest."),
    })
    .prefault({})
    .describe("During a flood, ban and unban messages are folded into one digest per window."),
});

/** Where alerts go: the manifest's top-level `alerts` section. */
export const AlertRouteSchema = AlertsSchema.pick({ webhookConfigKey: true }).describe(
  "Where alerts go. Secrets stay in Pulumi config; only their key names are here.",
);

/** How the detector sends alerts: `detector.alerts`; the URL comes only from SWIFTDEPLOY_ALERT_WEBHOOK_URL. */
export const AlertDeliverySchema = AlertsSchema.omit({ webhookConfigKey: true }).describe(
  "Alerts to a Slack-compatible webhook.",
);

/** The typed top-level `alerts` section. */
export type AlertsConfig = z.output<typeof AlertRouteSchema>;
/** The typed `detector.alerts` settings. */
export type AlertDelivery = z.output<typeof AlertDeliverySchema>;
