import { describe, expect, it } from "vitest";
import { redactWebhookUrl, webhookFromEnv } from "../../../../detector/alert/webhook-url";
import { webhookSender } from "../../../../detector/alert/webhook-sender";

describe("the webhook URL", () => {
  it("is shown only as scheme and host", () => {
    expect(redactWebhookUrl("https://hooks.slack.com/services/T0/B0/abcdefSECRET")).toBe(
      "https://hooks.slack.com/…",
    );
    expect(redactWebhookUrl("not a url")).toBe("(unparseable URL)");
  });

  it("comes only from SWIFTDEPLOY_ALERT_WEBHOOK_URL, and a bad one turns alerts off with a reason that does not repeat it", () => {
    expect(webhookFromEnv({})).toEqual({});
    expect(webhookFromEnv({ SWIFTDEPLOY_ALERT_WEBHOOK_URL: " https://h.example/x " })).toEqual({
      url: "https://h.example/x",
    });
    expect(
      webhookFromEnv({ SWIFTDEPLOY_ALERT_WEBHOOK_URL: "ftp://h.example/SECRET" }).problem,
    ).toBe("SWIFTDEPLOY_ALERT_WEBHOOK_URL must be an http(s) URL (got ftp:); alerts are off");
    expect(webhookFromEnv({ SWIFTDEPLOY_ALERT_WEBHOOK_URL: "SECRET" }).problem).not.toContain(
      "SECRET",
    );
  });
});

describe("the webhook sender", () => {
  it("posts Slack's JSON and sorts answers into delivered, retry (with Retry-After) and refused", async () => {
    const calls: { url: string; body: string }[] = [];
    const answers = [
      new Response("ok", { status: 200 }),
      new Response("slow down", { status: 429, headers: { "retry-after": "3" } }),
      new Response("no", { status: 404 }),
    ];
    const fetchImpl = ((url: string, init: RequestInit) => {
      calls.push({ url, body: String(init.body) });
      return Promise.resolve(answers.shift()!);
    }) as unknown as typeof fetch;
    const send = webhookSender("https://h.example/hook", 1000, fetchImpl);
    expect(await send({ text: "hi" })).toEqual({ ok: true, status: 200, retryable: false });
    expect(await send({ text: "hi" })).toEqual({
      ok: false,
      status: 429,
      retryable: true,
      retryAfterMs: 3000,
      error: "HTTP 429",
    });
    expect(await send({ text: "hi" })).toEqual({
      ok: false,
      status: 404,
      retryable: false,
      error: "HTTP 404",
    });
    expect(calls[0]).toEqual({ url: "https://h.example/hook", body: '{"text":"hi"}' });
  });

  it("names a timeout or a network error without the URL", async () => {
    const timeout = (() =>
      Promise.reject(
        Object.assign(new Error("x"), { name: "TimeoutError" }),
      )) as unknown as typeof fetch;
    const refused = (() =>
      Promise.reject(
        Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }),
      )) as unknown as typeof fetch;
    expect(await webhookSender("https://h.example/SECRET", 10, timeout)({})).toEqual({
      ok: false,
      retryable: true,
      error: "timed out",
    });
    expect(await webhookSender("https://h.example/SECRET", 10, refused)({})).toEqual({
      ok: false,
      retryable: true,
      error: "ECONNREFUSED",
    });
  });
});
