import type { Clock } from "../../core/clock";
import type { DetectorSettings } from "../../core/detector-settings";
import type { AlertItem } from "../alert/alert-item";
import { AlertQueue, type AlertOutcome } from "../alert/alert-queue";
import { redactWebhookUrl, WEBHOOK_ENV, webhookFromEnv } from "../alert/webhook-url";
import { webhookSender } from "../alert/webhook-sender";
import type { AuditLog } from "../audit/audit-log";
import type { Output } from "../io/output";

/** The alert queue of the service, or nothing when no webhook is configured. */
export interface AlertSink {
  readonly queue: AlertQueue | undefined;
  /** Redacted webhook ("https://hooks.slack.com/…"), null when off. */
  readonly webhook: string | null;
  push(item: AlertItem): void;
}

/**
 * Builds the alert queue from SWIFTDEPLOY_ALERT_WEBHOOK_URL (the only place the URL comes from).
 * The URL itself is never logged: only its redacted form.
 */
export function alertSink(
  settings: DetectorSettings["alerts"],
  env: NodeJS.ProcessEnv,
  clock: Clock,
  sleep: (ms: number) => Promise<void>,
  out: Output,
  audit: () => AuditLog,
): AlertSink {
  const { url, problem } = webhookFromEnv(env);
  if (problem !== undefined) out.log("warn", problem);
  if (url === undefined || !settings.enabled) {
    out.log("info", "alerts off", {
      reason: settings.enabled ? `${WEBHOOK_ENV} is not set` : "alerts.enabled is false",
    });
    return { queue: undefined, webhook: null, push: () => undefined };
  }
  const webhook = redactWebhookUrl(url);
  const onOutcome = (o: AlertOutcome) => {
    const fields = {
      category: o.item.category,
      delivered: o.delivered,
      attempts: o.attempts,
      status: o.status ?? null,
      error: o.error ?? null,
      webhook,
    };
    out.log(
      o.delivered ? "info" : "warn",
      o.delivered ? "alert sent" : "alert not delivered",
      fields,
    );
    audit().record("alert-delivery", { ...fields, text: o.item.text });
  };
  const queue = new AlertQueue(
    settings,
    webhookSender(url, settings.timeoutMs),
    clock,
    sleep,
    onOutcome,
  );
  out.log("info", "alerts on", { webhook });
  return { queue, webhook, push: (item) => queue.push(item) };
}
