import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildDetector, startDaemon, type Daemon } from "../../kit/detector/cli";
import { append, tempDir, waitFor } from "../../kit/detector/files";
import { ipsetEntries, removeKernelObjects } from "../../kit/detector/kernel";
import { must, requireTools, sh } from "../../kit/detector/sh";

// The real daemon and real ipset sets, with its state directory on a 256 KB tmpfs that the test
// fills: a ban saved on a full disk must keep the old bans.json, and no restart may lift a ban.
let tmp = tempDir("fulldisk");
let name = "";
let mounted = "";
let daemons: Daemon[] = [];

beforeAll(() => {
  requireTools({ ipset: "ipset", iptables: "iptables", mount: "mount" });
  buildDetector();
});

afterEach(async () => {
  for (const d of daemons) await d.stop();
  daemons = [];
  if (mounted !== "") sh(["umount", mounted]);
  mounted = "";
  if (name !== "") removeKernelObjects(name);
  name = "";
  tmp.cleanup();
  tmp = tempDir("fulldisk");
});

const PERMANENT = "203.0.113.4";
const ATTACKER = "198.51.100.7";
/** 199 ten-minute bans beside the permanent one: a bans.json of ~30 KB, several pages of tmpfs. */
const TIMED = Array.from({ length: 199 }, (_, i) => `198.18.${i >> 8}.${(i & 255) + 1}`);

function seededBans(now: number): object[] {
  const offender = (ip: string, untilMs: number | null, step: number) => ({
    ip,
    family: 4,
    prefix: 32,
    step,
    lastOffenceMs: now - 60_000,
    bannedAtMs: now - 60_000,
    untilMs,
    releasedMs: 0,
  });
  return [offender(PERMANENT, null, 4), ...TIMED.map((ip) => offender(ip, now + 600_000, 1))];
}

/** A small tmpfs at `dir`, created here and unmounted after the test. */
function smallTmpfs(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  must(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", dir]);
  mounted = dir;
}

/** Fills the file system that holds `dir` until `leftBlocks` blocks are free. */
function fillUntil(dir: string, leftBlocks: number): void {
  const { bavail, bsize } = fs.statfsSync(dir);
  fs.writeFileSync(path.join(dir, "filler"), Buffer.alloc((bavail - leftBlocks) * bsize, 1));
  expect(fs.statfsSync(dir).bavail).toBe(leftBlocks);
}

function accessLine(ip: string, ms: number): string {
  const time = new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
  return `${JSON.stringify({ source_ip: ip, timestamp: time, method: "GET", path: "/", status: 200, response_size: 512 })}\n`;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function held(): Map<string, number> {
  return new Map(ipsetEntries(`${name}-v4`).map((e) => [e.key, e.timeout]));
}

function start(config: string): Daemon {
  const d = startDaemon(config);
  daemons.push(d);
  return d;
}

async function stop(d: Daemon): Promise<void> {
  expect(await d.stop()).toBe(0);
  daemons = daemons.filter((x) => x !== d);
}

const ready = (d: Daemon) => () =>
  d.stderr().some((l) => l.msg === "log opened" || l.msg === "log missing");

describe("the detector's state on a full disk (tmpfs of 256 KB)", () => {
  it("keeps the old bans.json whole when a ban cannot be saved, and no restart lifts a kernel ban, permanent ones included", async () => {
    name = `sdf${randomBytes(2).toString("hex")}`;
    const state = tmp.file("state");
    smallTmpfs(state);
    const log = tmp.file("access.json");
    fs.writeFileSync(log, "");
    const config = tmp.file("detector.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        logPath: log,
        stateDir: state,
        startAt: "end",
        pollMs: 50,
        enforcement: { backend: "ipset", setName: name, ipv6: false },
        bans: { stepsMinutes: [10, 30, 120], thenPermanent: true },
        selftest: { onStart: false },
        dashboard: { enabled: false },
        audit: { path: tmp.file("audit.jsonl") },
      }),
    );
    const bansFile = path.join(state, "bans.json");
    fs.writeFileSync(bansFile, JSON.stringify(seededBans(Date.now())));

    const first = start(config);
    await waitFor("the daemon to follow the log", ready(first));
    expect(held().size).toBe(200);
    expect(held().get(PERMANENT)).toBe(0);
    const before = fs.readFileSync(bansFile, "utf8");
    expect(before.length).toBeGreaterThan(20_000);

    // One page left: the next bans.json fits only in part (a short write).
    fillUntil(state, 1);
    const now = Date.now();
    append(
      log,
      Array.from({ length: 600 }, (_, i) => accessLine(ATTACKER, now - 2000 + i * 3)).join(""),
    );
    await waitFor("the attacker's ban", () =>
      first.stdout().some((x) => x.type === "ban" && x.ip === ATTACKER),
    );
    await waitFor("the attacker in the kernel", () => held().has(ATTACKER));
    const saveFailed = () =>
      first.stderr().some((l) => /ENOSPC|short write/.test(String(l.error ?? "")));
    await waitFor(
      "the ban's save",
      () => saveFailed() || fs.readFileSync(bansFile, "utf8") !== before,
    );
    const after = fs.readFileSync(bansFile, "utf8");
    expect({ bytes: after.length, parses: parses(after) }).toEqual({
      bytes: before.length,
      parses: true,
    });
    expect(after).toBe(before);
    expect(fs.readdirSync(state).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    await stop(first);
    expect(fs.readFileSync(bansFile, "utf8")).toBe(before);
    const second = start(config);
    await waitFor("the restarted daemon", ready(second));
    expect(
      second.stderr().find((l) => l.msg === "kept bans the saved state did not hold"),
    ).toMatchObject({
      adopted: 1,
      keys: [ATTACKER],
    });
    expect(second.stderr().find((l) => l.msg === "reconciled with the ledger")).toMatchObject({
      held: 201,
      removed: 0,
    });
    expect(held().size).toBe(201);
    expect(held().get(PERMANENT)).toBe(0);
    await stop(second);

    // Both bans.json and its backup unreadable: the kernel still keeps every ban.
    fs.writeFileSync(bansFile, before.slice(0, 4096));
    fs.rmSync(`${bansFile}.bak`, { force: true });
    const third = start(config);
    await waitFor("the daemon on unreadable state", ready(third));
    expect(third.stderr().some((l) => l.msg === "state file unusable")).toBe(true);
    expect(third.stderr().find((l) => l.msg === "reconciled with the ledger")).toMatchObject({
      held: 201,
      removed: 0,
    });
    expect(held().size).toBe(201);
    expect(held().get(PERMANENT)).toBe(0);
  });
});
