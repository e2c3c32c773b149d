/** What an alert is about; ban and unban messages are coalesced during floods, the rest never. */
export type AlertCategory = "ban" | "unban" | "surge" | "breaker" | "operations";

/** One message to send. */
export interface AlertItem {
  readonly category: AlertCategory;
  /** Slack mrkdwn text. */
  readonly text: string;
  /** The address or prefix it concerns (ban/unban). */
  readonly key?: string;
  readonly rule?: string;
}

/** Bans and unbans are the least important: dropped first when the queue is full. */
export function isLowPriority(item: AlertItem): boolean {
  return item.category === "ban" || item.category === "unban";
}

/** The Slack-compatible payload of a message. */
export function slackPayload(text: string): { text: string } {
  return { text };
}
