import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildDetector, startDaemon, type Daemon } from "../../kit/detector/cli";
import { tempDir, waitFor } from "../../kit/detector/files";
import { startWebhook, type WebhookServer } from "../../kit/detector/webhook-server";

let tmp = tempDir("webhook");
let daemon: Daemon | undefined;
let webhook: WebhookServer | undefined;

beforeAll(() => buildDetector());
afterAll(() => tmp.cleanup());
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
  await webhook?.close();
  webhook = undefined;
  tmp.cleanup();
  tmp = tempDir("webhook");
});

/** 40 attackers, 200 requests each within one second of log time: 40 bans in one poll. */
function floodLog(startMs: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 200; i++)
    for (let a = 1; a <= 40; a++) {
      const t = new Date(startMs + i * 4).toISOString().replace("Z", "+00:00");
      lines.push(
        JSON.stringify({
          source_ip: `10.77.0.${a}`,
          timestamp: t,
          method: "GET",
          path: "/",
          status: 200,
          response_size: 2,
        }),
      );
    }
  return `${lines.join("\n")}\n`;
}

async function metric(address: string, name: string): Promise<number> {
  const text = await (await fetch(`${address}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`swiftdeploy_detector_${name} `));
  if (line === undefined) throw new Error(`metric ${name} not exported`);
  return Number(line.split(" ")[1]);
}

describe("alerts to a webhook that fails and hangs", () => {
  it("never stall detection; messages arrive after retries, floods are coalesced, overflow is dropped and counted, and the URL is never logged", async () => {
    // Request 1 hangs until the test releases it; after that every other request fails with 500.
    webhook = await startWebhook((n) => (n === 1 ? "hang" : n % 2 === 0 ? 500 : 200));
    const log = tmp.file("access.json");
    const state = tmp.file("state");
    fs.writeFileSync(log, "");
    const config = tmp.file("detector.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        logPath: log,
        stateDir: state,
        startAt: "start",
        pollMs: 50,
        dryRun: true,
        breaker: { enabled: false },
        dashboard: { port: 0 },
        alerts: {
          timeoutMs: 60_000,
          retries: 3,
          backoffMs: 50,
          queueSize: 3,
          coalesce: { windowSeconds: 2, maxMessages: 10 },
        },
      }),
    );
    daemon = startDaemon(config, { SWIFTDEPLOY_ALERT_WEBHOOK_URL: webhook.url });
    await waitFor("the dashboard", () =>
      daemon!.stderr().some((l) => l.msg === "dashboard listening"),
    );
    const address = daemon.stderr().find((l) => l.msg === "dashboard listening")!.address as string;
    fs.appendFileSync(log, floodLog(Date.now()));

    await waitFor(
      "all 40 bans",
      () => daemon!.stdout().filter((d) => d.type === "ban").length === 40,
    );
    // Every ban is decided (and enforced) while the first webhook call is still hanging.
    await waitFor("the first webhook call", () => webhook!.received() === 1);
    expect(webhook.answered()).toBe(0);
    expect(await metric(address, "alert_messages_dropped_total")).toBe(6);
    expect(await metric(address, "alert_messages_coalesced_total")).toBe(30);

    webhook.release(500);
    await waitFor("five delivered messages", () => webhook!.delivered().length === 5, 30_000);
    const bans = daemon.stdout().filter((d) => d.type === "ban");
    const texts = webhook.delivered().map((m) => m.text);
    expect(texts.slice(0, 4).map((t) => /\*Banned (\S+)\*/.exec(t)?.[1])).toEqual(
      bans.slice(0, 4).map((b) => b.ip),
    );
    expect(texts[0]).toContain("for 10 min (step 1, until ");
    expect(texts[0]).toContain("via dry-run\nrule zscore: ");
    expect(texts[0]).toContain(
      "vs baseline 0.5 ± 0.5 req/s per client (rolling, floored); limit 3 req/s",
    );
    expect(texts[4]).toContain(
      "*30 bans and 0 unbans in 2 s* (folded into one message during a flood). Rules: zscore 30.",
    );
    expect(await metric(address, "alert_messages_sent_total")).toBe(5);
    expect(await metric(address, "alert_messages_failed_total")).toBe(0);

    const on = daemon.stderr().find((l) => l.msg === "alerts on")!;
    expect(on.webhook).toBe(`${new URL(webhook.url).origin}/…`);
    const stopped = daemon;
    await stopped.stop();
    daemon = undefined;
    const everything = [
      fs.readFileSync(path.join(state, "audit.jsonl"), "utf8"),
      JSON.stringify(stopped.stderr()),
      JSON.stringify(stopped.stdout()),
    ].join("\n");
    expect(everything).not.toContain("secret-token-XYZ");
    const audit = fs
      .readFileSync(path.join(state, "audit.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean);
    expect(audit.filter((l) => l.includes('"event":"alert-delivery"')).length).toBe(5);
  });
});
