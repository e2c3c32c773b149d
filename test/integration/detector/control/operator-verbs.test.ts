import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildDetector, runDetector, startDaemon, type Daemon } from "../../../kit/detector/cli";
import { tempDir, waitFor } from "../../../kit/detector/files";

let tmp = tempDir("verbs");
let daemon: Daemon | undefined;

beforeAll(() => buildDetector());
afterAll(() => tmp.cleanup());
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
  tmp.cleanup();
  tmp = tempDir("verbs");
});

/** A state directory holding one permanent ban (a fourth offence) and one 10-minute ban. */
function savedState(): { config: string; state: string } {
  const state = tmp.file("state");
  fs.mkdirSync(state, { recursive: true });
  const now = Date.now();
  fs.writeFileSync(
    path.join(state, "bans.json"),
    JSON.stringify([
      {
        ip: "203.0.113.4",
        family: 4,
        prefix: 32,
        step: 4,
        lastOffenceMs: now - 60_000,
        bannedAtMs: now - 60_000,
        untilMs: null,
        releasedMs: now - 120_000,
      },
      {
        ip: "2001:db8:9:9::/64",
        family: 6,
        prefix: 64,
        step: 1,
        lastOffenceMs: now,
        bannedAtMs: now,
        untilMs: now + 600_000,
        releasedMs: 0,
      },
    ]),
  );
  const log = tmp.file("access.json");
  fs.writeFileSync(log, "");
  const config = tmp.file("detector.json");
  fs.writeFileSync(
    config,
    JSON.stringify({ logPath: log, stateDir: state, dryRun: true, dashboard: { enabled: false } }),
  );
  return { config, state };
}

function verb(...args: string[]): { status: number | null; json: Record<string, unknown> } {
  const r = runDetector(args);
  return {
    status: r.status,
    json: JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>,
  };
}

describe("operator verbs", () => {
  it("list and lift permanent bans and explain a ban through the running daemon, then work on the saved state when it is stopped", async () => {
    const { config } = savedState();
    daemon = startDaemon(config);
    await waitFor("the control socket", () => daemon!.stderr().some((l) => l.msg === "log opened"));

    const permanent = verb("bans", "--permanent", "--config", config);
    expect(permanent.status).toBe(0);
    expect(permanent.json).toMatchObject({
      total: 1,
      rows: [{ ip: "203.0.113.4", step: 4, until: null, secondsLeft: null }],
    });
    const why = verb("explain", "2001:db8:9:9::abcd", "--config", config).json;
    expect(why).toMatchObject({
      ip: "2001:db8:9:9::/64",
      banned: { ip: "2001:db8:9:9::/64", step: 1 },
      offender: { step: 1, effectiveStep: 1 },
      ownHistory: null, // the running engine's answer: this /64 sent nothing since it started
    });

    expect(verb("unban", "--permanent", "--config", config).json).toEqual({
      lifted: ["203.0.113.4"],
    });
    await waitFor("the unban decision", () =>
      daemon!.stdout().some((d) => d.type === "unban" && d.ip === "203.0.113.4"),
    );
    expect(daemon.stdout().find((d) => d.type === "unban")).toMatchObject({
      rule: "operator-lift",
      step: 4,
    });
    expect(verb("bans", "--config", config).json).toMatchObject({
      total: 1,
      rows: [{ ip: "2001:db8:9:9::/64" }],
    });
    expect(verb("breaker", "status", "--config", config).json).toEqual({
      tripped: null,
      held: 0,
      throttledBans: 0,
      autoResets: 0,
    });
    expect(verb("status", "--config", config)).toMatchObject({
      status: 0,
      json: { daemon: "running", bans: { active: 1 } },
    });
    const history = verb("explain", "203.0.113.4", "--config", config).json as {
      banned: unknown;
      history: { event: string }[];
    };
    expect(history.banned).toBeNull();
    expect(history.history.map((h) => h.event)).toEqual(["unban"]);

    await daemon.stop();
    daemon = undefined;
    expect(verb("status", "--config", config)).toMatchObject({
      status: 1,
      json: { daemon: "not running", activeBans: 1 },
    });
    expect(verb("unban", "--all", "--config", config).json).toEqual({
      daemon: "not running (saved state)",
      lifted: ["2001:db8:9:9::/64"],
    });
    expect(verb("bans", "--config", config).json).toMatchObject({ total: 0, rows: [] });
    const usage = runDetector(["unban", "--config", config]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain(
      "unban needs exactly one of: an IP (or prefix), --permanent, --all",
    );
  });

  it("refuse to start banning forwarded addresses without trusted proxies, before touching anything", () => {
    const { config, state } = savedState();
    const cfg = JSON.parse(fs.readFileSync(config, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(
      config,
      JSON.stringify({ ...cfg, dryRun: false, clientAddressSource: "forwarded" }),
    );
    const r = runDetector(["run", "--config", config]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "refusing to ban: clientAddressSource is forwarded but trustedProxies is empty, so any client can forge the address it would be banned as",
    );
    expect(fs.existsSync(path.join(state, "control.sock"))).toBe(false);
  });
});
