import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { renderRotationScript } from "../../../components/render/access-log-rotation";
import { buildDetector, startDaemon, type Daemon } from "../../kit/detector/cli";
import { tempDir, waitFor } from "../../kit/detector/files";
import { startNginx, type TestNginx } from "../../kit/detector/nginx";
import { requireTools } from "../../kit/detector/sh";

// The stack's rotation script, run against a real Nginx on loopback while it serves a load and the
// real detector follows its log: every request must be read exactly once across the renames.
const run = promisify(execFile);
let tmp = tempDir("rotate");
let nginx: TestNginx | undefined;
let daemon: Daemon | undefined;

beforeAll(() => {
  requireTools({ nginx: "nginx-light" });
  buildDetector();
});
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
  await nginx?.stop();
  nginx = undefined;
  tmp.cleanup();
  tmp = tempDir("rotate");
});

/** The stack's script for `log`, with `reopen` as the way its writer reopens it. */
function rotationScript(log: string, keep: number, reopen: string): string {
  const file = tmp.file("rotate-access-log.sh");
  fs.writeFileSync(
    file,
    renderRotationScript({ maxSizeMb: 100, keep, checkMinutes: 1 }, { log, reopen }),
  );
  return file;
}

/** `total` GETs over `concurrency` keep-alive connections; resolves with the 200s. */
async function load(url: string, total: number, concurrency: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let sent = 0;
  let ok = 0;
  const get = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get(url, { agent }, (res) => {
          if (res.statusCode === 200) ok++;
          res.resume();
          res.on("end", resolve);
        })
        .on("error", reject);
    });
  const worker = async () => {
    while (sent < total) {
      sent++;
      await get();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return ok;
}

const lineCount = (file: string) => fs.readFileSync(file, "utf8").split("\n").length - 1;

describe("rotating Nginx's access log under load", () => {
  it("loses no line and reads none twice: the detector reads every request across 10+ rotations", async () => {
    const port = 18_000 + Math.floor(Math.random() * 2000);
    nginx = await startNginx(tmp.file("nginx"), ["127.0.0.1"], port);
    const reopen = [...nginx.reload.slice(0, -1), "reopen"].join(" ");
    const script = rotationScript(nginx.log, 100, reopen);
    const config = tmp.file("detector.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        logPath: nginx.log,
        stateDir: tmp.file("state"),
        startAt: "start",
        pollMs: 20,
        dryRun: true,
        dashboard: { enabled: false },
      }),
    );
    daemon = startDaemon(config);
    await waitFor("the daemon to follow the log", () =>
      daemon!.stderr().some((l) => l.msg === "log opened"),
    );

    // Load in batches until the rotator has turned the file over 10 times: how many
    // requests that takes depends on the machine's speed, not on a fixed count.
    const batch = 2_000;
    const maxRequests = 200_000;
    let total = 0;
    let ok = 0;
    let loading = true;
    let rotations = 0;
    const rotating = (async () => {
      while (loading) {
        // A 128 KB threshold instead of maxSizeMb: many rotations in a few seconds.
        const { stdout } = await run("sh", [script, String(128 * 1024)]);
        if (stdout.startsWith("rotated")) rotations++;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    while (total < maxRequests && (total < 20_000 || rotations < 10)) {
      ok += await load(`http://127.0.0.1:${port}/`, batch, 8);
      total += batch;
    }
    loading = false;
    await rotating;
    expect(ok).toBe(total);
    expect(rotations).toBeGreaterThanOrEqual(10);

    const files = fs.readdirSync(tmp.file("nginx")).filter((f) => f.startsWith("access.json"));
    const onDisk = files.map((f) => lineCount(tmp.file(`nginx/${f}`))).reduce((a, b) => a + b, 0);
    expect(onDisk).toBe(total);
    expect(await daemon.stop()).toBe(0);
    const stopped = daemon.stderr().find((l) => l.msg === "detector stopped");
    daemon = undefined;
    expect(stopped).toMatchObject({ lines: total, badLines: 0 });
  });

  it("keeps `keep` rotated files, deletes older ones, and has the writer reopen every time", async () => {
    const log = tmp.file("access.json");
    const reopened = tmp.file("reopened");
    const script = rotationScript(log, 2, `echo reopen >> '${reopened}'`);
    for (let i = 1; i <= 4; i++) {
      fs.writeFileSync(log, `generation ${i}\n`);
      expect((await run("sh", [script, "1"])).stdout).toBe(
        `rotated ${log} (13 bytes) to ${log}.1\n`,
      );
    }
    expect(fs.readFileSync(`${log}.1`, "utf8")).toBe("generation 4\n");
    expect(fs.readFileSync(`${log}.2`, "utf8")).toBe("generation 3\n");
    expect(fs.existsSync(`${log}.3`)).toBe(false);
    expect(fs.readFileSync(reopened, "utf8")).toBe("reopen\n".repeat(4));
  });

  it("leaves a log under the size alone, and reopens when a rename was never followed by one", async () => {
    const log = tmp.file("access.json");
    const reopened = tmp.file("reopened");
    const script = rotationScript(log, 2, `echo reopen >> '${reopened}'`);
    fs.writeFileSync(log, "small\n");
    expect((await run("sh", [script])).stdout).toBe("");
    expect(fs.existsSync(reopened)).toBe(false);
    fs.renameSync(log, `${log}.1`);
    await run("sh", [script]);
    expect(fs.readFileSync(reopened, "utf8")).toBe("reopen\n");
  });
});
