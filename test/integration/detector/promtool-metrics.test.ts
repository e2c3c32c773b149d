import fs from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { promtoolCheck } from "../../kit/metrics/promtool";
import { buildDetector, runDetector, startDaemon, type Daemon } from "../../kit/detector/cli";
import { tempDir, waitFor } from "../../kit/detector/files";

let tmp = tempDir("promtool");
let daemon: Daemon | undefined;

beforeAll(() => buildDetector());
afterAll(() => tmp.cleanup());
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
  tmp.cleanup();
  tmp = tempDir("promtool");
});

/** 5 attackers, 200 requests each within one second of log time, and 2 lines that are not JSON. */
function floodLog(startMs: number): string {
  const lines: string[] = [];
  for (let i = 0; i < 200; i++)
    for (let a = 1; a <= 5; a++) {
      const timestamp = new Date(startMs + i * 4).toISOString().replace("Z", "+00:00");
      lines.push(
        JSON.stringify({
          source_ip: `10.78.0.${a}`,
          timestamp,
          method: "GET",
          path: "/",
          status: 200,
        }),
      );
    }
  lines.push("not json", "{not json either");
  return `${lines.join("\n")}\n`;
}

describe("the detector's /metrics by Prometheus's own linter", () => {
  it("passes promtool check metrics on the running daemon's page after bans, an operator unban and bad lines, with rules and reasons as labels", async () => {
    const log = tmp.file("access.json");
    fs.writeFileSync(log, "");
    const config = tmp.file("detector.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        logPath: log,
        stateDir: tmp.file("state"),
        startAt: "start",
        pollMs: 50,
        dryRun: true,
        breaker: { enabled: false },
        dashboard: { port: 0 },
      }),
    );
    daemon = startDaemon(config);
    await waitFor("the dashboard", () =>
      daemon!.stderr().some((l) => l.msg === "dashboard listening"),
    );
    const address = daemon.stderr().find((l) => l.msg === "dashboard listening")!.address as string;
    fs.appendFileSync(log, floodLog(Date.now()));
    await waitFor("5 bans", () => daemon!.stdout().filter((d) => d.type === "ban").length === 5);
    expect(runDetector(["unban", "10.78.0.3", "--config", config]).status).toBe(0);
    await waitFor("the unban", () => daemon!.stdout().some((d) => d.type === "unban"));

    const page = await (await fetch(`${address}/metrics`)).text();
    const lines = page.split("\n");
    for (const line of [
      'swiftdeploy_detector_bans_total{rule="zscore"} 5',
      'swiftdeploy_detector_bans_total{rule="multiplier"} 0',
      'swiftdeploy_detector_unbans_total{reason="operator-lift"} 1',
      'swiftdeploy_detector_unbans_total{reason="ban-expired"} 0',
      'swiftdeploy_detector_bad_lines_total{reason="notJson"} 2',
      "swiftdeploy_detector_active_bans 4",
      'swiftdeploy_detector_breaker_state{state="armed"} 1',
    ])
      expect(lines).toContain(line);
    expect(page).toMatch(/^swiftdeploy_detector_selftest_state\{state="not-run"\} 1$/m);
    expect(page).toMatch(/^swiftdeploy_detector_client_limit_requests_per_second [\d.]+$/m);
    expect(promtoolCheck(page)).toEqual({ status: 0, said: "" });
  });
});
