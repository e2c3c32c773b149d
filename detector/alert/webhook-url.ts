/** The environment variable the alert webhook URL comes from (and nowhere else). */
export const WEBHOOK_ENV = "SWIFTDEPLOY_ALERT_WEBHOOK_URL";

/** A webhook URL as it may appear in logs: scheme and host only ("https://hooks.slack.com/…"). */
export function redactWebhookUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return "(unparseable URL)";
  }
}

/** The webhook URL from the environment: undefined when unset, an error message when unusable. */
export function webhookFromEnv(env: NodeJS.ProcessEnv): { url?: string; problem?: string } {
  const raw = env[WEBHOOK_ENV]?.trim();
  if (raw === undefined || raw === "") return {};
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { problem: `${WEBHOOK_ENV} is not a URL; alerts are off` };
  }
  if (u.protocol !== "https:" && u.protocol !== "http:")
    return { problem: `${WEBHOOK_ENV} must be an http(s) URL (got ${u.protocol}); alerts are off` };
  return { url: raw };
}
