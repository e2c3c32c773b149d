import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StateStore } from "../../../../detector/state/state-store";
import { daemonRun, type DaemonRun } from "../../../kit/detector/daemon";
import { bannedIps, steady, traffic } from "../../../kit/detector/lines";

const FLOOD = (ip: string) => steady(ip, 10, 30, 100);

let run: DaemonRun | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await run?.stop();
  run = undefined;
});

describe("the daemon's state", () => {
  it("is kept by one StateStore, prepared once, that the engine loop shares across a reload", async () => {
    const prepare = vi.spyOn(StateStore.prototype, "prepare");
    run = daemonRun();
    await run.daemon.start();
    run.nextSettings = { ...run.nextSettings, pollMs: 250 };
    expect(await run.daemon.reload()).toEqual({ changed: ["pollMs"], refused: [] });
    expect(run.daemon.loop.store).toBe(run.daemon.parts.store);
    expect(prepare).toHaveBeenCalledTimes(1);
  });
});

describe("a reload (SIGHUP)", () => {
  it("refuses to move the state directory, says a restart is needed, and keeps every state file in the old one", async () => {
    run = daemonRun();
    await run.daemon.start();
    const before = run.daemon.settings.stateDir;
    const moved = path.join(run.dir, "elsewhere");
    run.nextSettings = { ...run.nextSettings, stateDir: moved, pollMs: 250 };
    const outcome = await run.daemon.reload();
    expect(outcome.changed).toEqual(["pollMs"]);
    expect(outcome.refused).toHaveLength(1);
    expect(run.daemon.settings.stateDir).toBe(before);
    expect(run.daemon.settings.pollMs).toBe(250);
    const errors = run.logs.filter((l) => l.level === "error");
    expect(errors.map((l) => l.msg)).toEqual([
      "reload refused a change to stateDir: a restart is needed",
    ]);
    expect(errors[0]!.fields).toMatchObject({
      setting: "stateDir",
      running: before,
      requested: moved,
    });
    run.append(traffic(FLOOD("203.0.113.1")));
    run.daemon.loop.step();
    expect(bannedIps(run.decisions)).toEqual(["203.0.113.1"]);
    run.daemon.loop.saveBans();
    expect(fs.readFileSync(path.join(before, "bans.json"), "utf8")).toContain("203.0.113.1");
    expect(fs.existsSync(moved)).toBe(false);
  });

  it("reads the host's addresses again, so an address the host gained since the start is never banned", async () => {
    run = daemonRun({}, ["198.51.100.250"]);
    await run.daemon.start();
    run.hostAddresses = ["198.51.100.250", "198.51.100.251"];
    expect(await run.daemon.reload()).toEqual({ changed: ["hostAddresses"], refused: [] });
    expect(run.daemon.hostAddresses).toEqual(["198.51.100.250", "198.51.100.251"]);
    run.append(traffic(FLOOD("198.51.100.251"), FLOOD("203.0.113.1")));
    run.daemon.loop.step();
    expect(bannedIps(run.decisions)).toEqual(["203.0.113.1"]);
  });
});
