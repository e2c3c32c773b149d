import { z } from "zod";
import { secretKind } from "./secret-patterns";

const CONFIG_KEY = /^([A-Za-z][A-Za-z0-9_-]*:)?[A-Za-z][A-Za-z0-9_.-]*$/;

const KEY_PHRASE =
  'the name of the Pulumi config key that holds the webhook URL, like "alertWebhookUrl" (store the URL with `pulumi config set --secret alertWebhookUrl <url>`)';

/** The webhook URL is a secret: the manifest only names the Pulumi config key that holds it. */
export const AlertsSchema = z
  .strictObject({
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
  })
  .describe("Where alerts go. Secrets stay in Pulumi config; only their key names are here.");

/** The typed `alerts` section. */
export type AlertsConfig = z.output<typeof AlertsSchema>;
