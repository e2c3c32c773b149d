/** The outcome of one delivery attempt. */
export interface SendResult {
  readonly ok: boolean;
  /** HTTP status, when there was an answer. */
  readonly status?: number;
  /** Worth trying again (timeout, network error, 429, 5xx). */
  readonly retryable: boolean;
  /** From Retry-After on 429/503. */
  readonly retryAfterMs?: number;
  /** A short reason that never contains the URL. */
  readonly error?: string;
}

/** Delivers one JSON payload. */
export type Sender = (payload: object) => Promise<SendResult>;

function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 300) * 1000 : undefined;
}

/** A reason for a failed fetch without the URL (undici puts it nowhere, but the cause may). */
function reason(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string; name?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return "timed out";
  return e.cause?.code ?? e.cause?.name ?? e.name ?? "request failed";
}

/** POSTs payloads to a Slack-compatible webhook with a timeout per attempt. */
export function webhookSender(
  url: string,
  timeoutMs: number,
  fetchImpl: typeof fetch = fetch,
): Sender {
  return async (payload) => {
    try {
      const res = await fetchImpl(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, status: res.status, retryable: false };
      const after = retryAfter(res.headers.get("retry-after"));
      return {
        ok: false,
        status: res.status,
        retryable: res.status === 429 || res.status >= 500,
        ...(after === undefined ? {} : { retryAfterMs: after }),
        error: `HTTP ${res.status}`,
      };
    } catch (error) {
      return { ok: false, retryable: true, error: reason(error) };
    }
  };
}
