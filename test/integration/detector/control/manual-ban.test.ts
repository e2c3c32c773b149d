import fs from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildDetector, jsonLines, runDetector, startDaemon, type Daemon } from "../../../kit/detector/cli";
import { tempDir, waitFor } from "../../../kit/detector/files";
import { startWebhook, type WebhookServer } from "../../../kit/detector/webhook-server";

let tmp = tempDir("manual-ban");
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
  tmp = tempDir("manual-ban");
});

/** A dry-run daemon's config with one allowlisted network; the audit log in its state folder. */
function config(): { file: string; audit: string } {
  const state = tmp.file("state");
  const log = tmp.file("access.json");
  fs.writeFileSync(log, "");
  const file = tmp.file("detector.json");
  fs.writeFileSync(
    file,
    JSON.stringify({
      logPath: log,
      stateDir: state,
      dryRun: true,
      dashboard: { enabled: false },
      allowlist: ["198.51.100.0/24"],
    }),
  );
  return { file, audit: `${state}/audit.jsonl` };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the verbs' JSON, read by path
type Json = any;

function verb(...args: string[]): { status: number | null; stderr: string; json: Json } {
  const r = runDetector(args);
  const last = r.stdout.trim().split("\n").at(-1) ?? "";
  return { status: r.status, stderr: r.stderr, json: last === "" ? {} : JSON.parse(last) };
}

describe("manual bans and the actor over the control socket", () => {
  it("ban, list, explain and unban an address with the actor in the audit log and the alerts; refuse allowlisted, loopback and too wide targets", async () => {
    const { file, audit } = config();
    webhook = await startWebhook(() => 200);
    daemon = startDaemon(file, { SWIFTDEPLOY_ALERT_WEBHOOK_URL: webhook.url });
    await waitFor("the control socket", () => daemon!.stderr().some((l) => l.msg === "log opened"));

    const actor = ["--actor", "alice@laptop", "--config", file];
    const banned = verb("ban", "203.0.113.77", "--duration", "10m", "--reason", "test", ...actor);
    expect(banned.status).toBe(0);
    expect(banned.json.banned).toMatchObject({
      ip: "203.0.113.77",
      rule: "operator",
      step: 1,
      enforcedBy: "dry-run",
      decision: { operator: { actor: "alice@laptop", reason: "test" }, durationSeconds: 600 },
    });
    expect(banned.json.banned.secondsLeft).toBeGreaterThan(590);

    expect(verb("bans", "--config", file).json).toMatchObject({
      total: 1,
      rows: [{ ip: "203.0.113.77", rule: "operator" }],
    });
    const why = verb("explain", "203.0.113.77", "--config", file).json;
    expect(why.banned).toMatchObject({ rule: "operator", step: 1 });
    expect(why.history.map((h: { event: string }) => h.event)).toEqual(["ban"]);
    expect(why.history[0].decision.operator).toEqual({ actor: "alice@laptop", reason: "test" });

    for (const [target, message] of [
      ["198.51.100.7", "refusing to ban 198.51.100.7: it is allowlisted"],
      ["127.0.0.1", "refusing to ban 127.0.0.1: it is allowlisted"],
      ["10.0.0.0/8", "refusing to ban 10.0.0.0/8: wider than /16"],
    ] as const) {
      const refused = verb("ban", target, "--duration", "1h", ...actor);
      expect(refused.status).toBe(4);
      expect(refused.stderr).toContain(message);
    }
    expect(verb("bans", "--config", file).json.total).toBe(1);

    expect(verb("unban", "203.0.113.77", ...actor).json).toEqual({ lifted: ["203.0.113.77"] });
    await waitFor("two alerts", () => webhook!.delivered().length >= 2, 15_000);
    const texts = webhook.delivered().map((m) => m.text);
    expect(texts[0]).toContain("*Banned 203.0.113.77* for 10 min (step 1");
    expect(texts[0]).toContain("rule operator: banned by hand by alice@laptop: test");
    expect(texts[1]).toContain("*Unbanned 203.0.113.77*: lifted by alice@laptop (operator-lift)");

    process.env.SWIFTDEPLOY_ACTOR = "ci-bot";
    try {
      expect(verb("flush", "--config", file).status).toBe(0);
    } finally {
      delete process.env.SWIFTDEPLOY_ACTOR;
    }
    await daemon.stop();
    daemon = undefined;
    const records = jsonLines(fs.readFileSync(audit, "utf8"));
    const ban = records.find((r) => r.event === "ban") as Json;
    expect(ban.decision).toMatchObject({ rule: "operator", operator: { actor: "alice@laptop" } });
    const unban = records.find((r) => r.event === "unban") as Json;
    expect(unban.decision).toMatchObject({ rule: "operator-lift", actor: "alice@laptop" });
    expect(records.find((r) => r.event === "lift")).toMatchObject({ actor: "alice@laptop" });
    expect(records.find((r) => r.event === "flush")).toMatchObject({ actor: "ci-bot", lifted: 0 });

    const stopped = verb("ban", "203.0.113.78", "--duration", "10m", ...actor);
    expect(stopped.status).toBe(1);
    expect(stopped.stderr).toContain("the daemon is not running: a manual ban needs it");

    // Stopped, the other verbs change the saved state and still audit who did it.
    const offline = ["--actor", "carol@console", "--config", file];
    expect(verb("unban", "--all", ...offline).json).toEqual({
      daemon: "not running (saved state)",
      lifted: [],
    });
    expect(verb("breaker", "reset", ...offline).json).toEqual({
      daemon: "not running (saved state)",
      reset: null,
    });
    const later = jsonLines(fs.readFileSync(audit, "utf8")).slice(records.length);
    expect(later.map((r) => [r.event, r.actor, r.offline])).toEqual([
      ["lift", "carol@console", true],
      ["breaker-reset", "carol@console", true],
    ]);
  });
});
