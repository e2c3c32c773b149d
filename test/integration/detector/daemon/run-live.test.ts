import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  buildDetector,
  jsonLines,
  runDetector,
  startDaemon,
  type Daemon,
} from "../../../kit/detector/cli";
import { append, tempDir, waitFor } from "../../../kit/detector/files";
import { testLogSpec, writeTestLog } from "../../../kit/detector/test-log";

let tmp = tempDir("live");
let daemons: Daemon[] = [];
beforeAll(() => buildDetector());
afterEach(async () => {
  for (const d of daemons) await d.stop();
  daemons = [];
  tmp.cleanup();
  tmp = tempDir("live");
});

function setup(): { log: string; state: string; config: string } {
  const log = tmp.file("access.json");
  const state = tmp.file("state");
  const config = tmp.file("detector.json");
  fs.writeFileSync(
    config,
    // Dry run without a dashboard: these tests are about reading the log, not about the firewall.
    // Two-hour bans: none of the logs below (about 30 min, ending 10 min ago) sees one end.
    JSON.stringify({
      logPath: log,
      stateDir: state,
      startAt: "start",
      pollMs: 20,
      dryRun: true,
      dashboard: { enabled: false },
      bans: { stepsMinutes: [120] },
    }),
  );
  return { log, state, config };
}

function savedOffset(state: string): number {
  try {
    return (
      JSON.parse(fs.readFileSync(path.join(state, "offset.json"), "utf8")) as { offset: number }
    ).offset;
  } catch {
    return -1;
  }
}

function start(config: string): Daemon {
  const d = startDaemon(config);
  daemons.push(d);
  return d;
}

async function stop(d: Daemon): Promise<Record<string, unknown>> {
  expect(await d.stop()).toBe(0);
  daemons = daemons.filter((x) => x !== d);
  const stopped = d.stderr().find((l) => l.msg === "detector stopped");
  expect(stopped).toBeDefined();
  return stopped!;
}

/**
 * A log start 40 minutes ago: every line is in the past (the daemon counts a line stamped ahead of
 * its clock at the clock's time, so a log from the future would be read differently live), and no
 * two-hour ban ends during the test, on the wall clock or in log time.
 */
const pastStart = (): number => Math.ceil(Date.now() / 1000) * 1000 - 2_400_000;

/** The text cut into `n` pieces at arbitrary byte positions (so lines arrive half-written). */
function pieces(text: string, n: number): string[] {
  const size = Math.ceil(text.length / n);
  return Array.from({ length: n }, (_, i) => text.slice(i * size, (i + 1) * size)).filter(
    (p) => p !== "",
  );
}

describe("swiftdeploy-detector run", () => {
  it("decides exactly as a replay of the same lines, fed live in half-written pieces", async () => {
    const { log, state, config } = setup();
    const generated = writeTestLog(tmp.file("source.jsonl"), testLogSpec(pastStart(), 40_000));
    expect(generated.seconds).toBeLessThan(1_800);
    const daemon = start(config);
    for (const piece of pieces(generated.text, 25)) {
      append(log, piece);
      const size = fs.statSync(log).size;
      const complete = generated.text.slice(0, size).lastIndexOf("\n") + 1;
      await waitFor(
        `the daemon to read up to byte ${complete}`,
        () => savedOffset(state) === Buffer.byteLength(generated.text.slice(0, complete)),
      );
    }
    const stopped = await stop(daemon);
    expect(stopped).toMatchObject({ lines: generated.lines, badLines: 0 });
    const live = daemon.stdout();
    const replay = jsonLines(runDetector(["replay", log, "--config", config]).stdout).slice(0, -1);
    expect(live.filter((d) => d.type === "ban").length).toBeGreaterThanOrEqual(3);
    expect(live).toEqual(replay);
  });

  it("resumes after a restart without reading a line twice or skipping one, and keeps its bans", async () => {
    const { log, state, config } = setup();
    const generated = writeTestLog(tmp.file("source.jsonl"), testLogSpec(pastStart(), 30_000));
    const cut = Math.floor(generated.text.length * 0.6) + 7; // inside a line
    append(log, generated.text.slice(0, cut));
    const first = start(config);
    const firstComplete = Buffer.byteLength(
      generated.text.slice(0, generated.text.slice(0, cut).lastIndexOf("\n") + 1),
    );
    await waitFor("the first run to catch up", () => savedOffset(state) === firstComplete);
    const a = await stop(first);
    expect(first.stdout().filter((d) => d.type === "ban").length).toBeGreaterThan(0);

    append(log, generated.text.slice(cut));
    const second = start(config);
    await waitFor(
      "the second run to catch up",
      () => savedOffset(state) === Buffer.byteLength(generated.text),
    );
    const b = await stop(second);
    expect((a.lines as number) + (b.lines as number)).toBe(generated.lines);
    const starting = second.stderr().find((l) => l.msg === "detector starting")!;
    expect(starting).toMatchObject({ savedOffset: firstComplete, baselineRestored: true });
    expect(starting.activeBans).toBeGreaterThan(0);
    const firstBans = first
      .stdout()
      .filter((d) => d.type === "ban")
      .map((d) => `${String(d.ip)}#${String(d.step)}`);
    const secondBans = second
      .stdout()
      .filter((d) => d.type === "ban")
      .map((d) => `${String(d.ip)}#${String(d.step)}`);
    expect(secondBans.filter((k) => firstBans.includes(k))).toEqual([]);
    const saved = JSON.parse(fs.readFileSync(path.join(state, "bans.json"), "utf8")) as {
      ip: string;
    }[];
    expect(saved.map((o) => o.ip)).toEqual(
      expect.arrayContaining(
        first
          .stdout()
          .filter((d) => d.type === "ban")
          .map((d) => d.ip),
      ),
    );
  });

  it("follows a rotation by rename while running and counts every line once", async () => {
    const { log, state, config } = setup();
    const line = (i: number) =>
      `{"source_ip":"198.51.100.${i % 200}","timestamp":"2026-04-27T00:00:${String(i % 60).padStart(2, "0")}+00:00","status":200}\n`;
    const batch = (from: number, n: number) =>
      Array.from({ length: n }, (_, k) => line(from + k)).join("");
    append(log, batch(0, 100));
    const daemon = start(config);
    await waitFor("the first file", () => savedOffset(state) === fs.statSync(log).size);
    fs.renameSync(log, `${log}.1`);
    append(`${log}.1`, batch(100, 10));
    append(log, batch(200, 50));
    await waitFor(
      "the new file",
      () =>
        savedOffset(state) === fs.statSync(log).size &&
        fs.statSync(log).size > 0 &&
        daemon.stderr().some((l) => l.msg === "log rotated"),
    );
    await waitFor(
      "the old file to be finished",
      () => daemon.stderr().some((l) => l.msg === "log closed-old"),
      10_000,
    );
    const stopped = await stop(daemon);
    expect(stopped).toMatchObject({ lines: 160, badLines: 0 });
  });

  it("refuses an invalid config before touching anything", () => {
    const config = tmp.file("bad.json");
    fs.writeFileSync(
      config,
      JSON.stringify({ stateDir: tmp.file("never"), rules: { minRequests: -1 } }),
    );
    const r = runDetector(["run", "--config", config]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("rules.minRequests: Too small");
    expect(fs.existsSync(tmp.file("never"))).toBe(false);
  });
});
