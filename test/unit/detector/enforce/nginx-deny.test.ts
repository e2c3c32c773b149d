import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../../core/clock";
import { NginxDenyEnforcer } from "../../../../detector/enforce/nginx-deny-enforcer";
import { parseDenyFile, renderDenyFile } from "../../../../detector/enforce/nginx-deny-file";
import { scriptedRunner } from "./kit";

const T = Date.UTC(2026, 3, 27, 0, 0, 0);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("the Nginx deny list", () => {
  it("renders exceptions first, then one deny per ban with its end, and reads back the same", () => {
    const entries = new Map([
      ["2001:db8:1:2::/64", { family: 6 as const, untilMs: null, except: ["2001:db8:1:2::5"] }],
      ["203.0.113.9", { family: 4 as const, untilMs: T + 600_000, except: [] }],
    ]);
    const text = renderDenyFile(entries);
    expect(text.split("\n").slice(2)).toEqual([
      "allow 2001:db8:1:2::5; # except 2001:db8:1:2::/64",
      "deny 2001:db8:1:2::/64; # permanent",
      "deny 203.0.113.9; # until 2026-04-27T00:10:00.000Z",
      "",
    ]);
    expect(parseDenyFile(text)).toEqual(entries);
  });

  it("rewrites the file (readable by Nginx) and runs the reload command on each batch; expired bans drop out", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sd-deny-"));
    dirs.push(dir);
    const file = path.join(dir, "nginx", "deny.conf");
    const clock = new ManualClock(T);
    const runner = scriptedRunner();
    const deny = new NginxDenyEnforcer(
      {
        path: file,
        reloadCommand: ["docker", "kill", "-s", "HUP", "svc-proxy"],
        minReloadIntervalMs: 0,
        capacity: 10,
      },
      runner,
      clock,
    );
    await deny.setup();
    await deny.apply({
      add: [{ key: "203.0.113.9", family: 4, timeoutSeconds: 60, except: [] }],
      remove: [],
    });
    expect(fs.readFileSync(file, "utf8")).toContain(
      "deny 203.0.113.9; # until 2026-04-27T00:01:00.000Z\n",
    );
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
    expect(runner.lines()).toEqual([
      "docker kill -s HUP svc-proxy",
      "docker kill -s HUP svc-proxy",
    ]);
    clock.advance(61_000);
    expect(await deny.list()).toEqual([]);
    await deny.teardown();
    expect(fs.readFileSync(file, "utf8")).not.toMatch(/^deny /m);
  });

  it("refuses additions beyond its capacity and says so", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sd-deny-"));
    dirs.push(dir);
    const deny = new NginxDenyEnforcer(
      { path: path.join(dir, "deny.conf"), reloadCommand: [], minReloadIntervalMs: 0, capacity: 1 },
      scriptedRunner(),
      new ManualClock(T),
    );
    const r = await deny.apply({
      add: [
        { key: "203.0.113.1", family: 4, timeoutSeconds: 60, except: [] },
        { key: "203.0.113.2", family: 4, timeoutSeconds: 60, except: [] },
      ],
      remove: [],
    });
    expect(r).toEqual({
      added: 1,
      removed: 0,
      failed: [{ key: "203.0.113.2", error: "deny list is full (1 entries)" }],
    });
  });
});
