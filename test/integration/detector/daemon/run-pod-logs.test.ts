// The daemon on a Kubernetes node: the same lines, wrapped by the kubelet's CRI framing in a proxy
// pod's log (some split into P chunks, stderr in between), give exactly the decisions of a replay of
// the plain log.
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

let tmp = tempDir("pod-live");
let daemons: Daemon[] = [];
beforeAll(() => buildDetector());
afterEach(async () => {
  for (const d of daemons) await d.stop();
  daemons = [];
  tmp.cleanup();
  tmp = tempDir("pod-live");
});

/** Every line in CRI framing; every 7th split into two P chunks and an F, a stderr line every 11th. */
function criFramed(text: string): string {
  const time = "2026-12-06T06:00:00.000000001Z";
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((line, i) => {
      const err = i % 11 === 0 ? `${time} stderr F 2026/12/06 [warn] something\n` : "";
      if (i % 7 !== 0) return `${err}${time} stdout F ${line}\n`;
      const a = Math.floor(line.length / 3);
      const b = Math.floor((2 * line.length) / 3);
      return `${time} stdout P ${line.slice(0, a)}\n${err}${time} stdout P ${line.slice(a, b)}\n${time} stdout F ${line.slice(b)}\n`;
    })
    .join("");
}

function config(logPath: string, logSource: string, state: string): string {
  const file = tmp.file(`${logSource}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      logPath,
      logSource,
      stateDir: state,
      startAt: "start",
      pollMs: 20,
      dryRun: true,
      dashboard: { enabled: false },
      bans: { stepsMinutes: [120] },
    }),
  );
  return file;
}

describe("swiftdeploy-detector run with logSource kubernetes-pod-logs", () => {
  it("decides exactly as a replay of the plain log, across a container restart", async () => {
    const plain = tmp.file("plain.jsonl");
    const startMs = Math.ceil(Date.now() / 1000) * 1000 - 2_400_000;
    const generated = writeTestLog(plain, testLogSpec(startMs, 30_000));
    const podLogs = tmp.file("pods");
    const container = path.join(podLogs, "shop_proxy-5f7d8_1234-abcd", "nginx");
    fs.mkdirSync(container, { recursive: true });
    const cut = generated.text.lastIndexOf("\n", generated.text.length / 2) + 1;
    const d: Daemon = startDaemon(
      config(`${podLogs}/shop_proxy-*/nginx/*.log`, "kubernetes-pod-logs", tmp.file("state")),
    );
    daemons.push(d);
    append(path.join(container, "0.log"), criFramed(generated.text.slice(0, cut)));
    await waitFor(
      "the first half",
      () => d.stdout().length > 0 || d.stderr().some((l) => l.msg === "log found"),
    );
    // The container restarts: the kubelet starts 1.log; the rest of the traffic is there.
    append(path.join(container, "1.log"), criFramed(generated.text.slice(cut)));
    await waitFor("every line", () =>
      d.stderr().some((l) => l.msg === "log ended" && String(l.path).endsWith("0.log")),
    );
    const replay = jsonLines(
      runDetector(["replay", plain, "--config", config(plain, "file", tmp.file("s2"))]).stdout,
    ).slice(0, -1);
    await waitFor("the same decisions", () => d.stdout().length >= replay.length);
    expect(await d.stop()).toBe(0);
    daemons = [];
    const stopped = d.stderr().find((l) => l.msg === "detector stopped");
    expect(stopped).toMatchObject({ lines: generated.lines, badLines: 0 });
    expect(replay.filter((x) => x.type === "ban").length).toBeGreaterThanOrEqual(3);
    expect(d.stdout()).toEqual(replay);
  });

  it("refuses a logPath that is not a pod-log pattern, naming the field", () => {
    const r = runDetector([
      "run",
      "--config",
      config("/var/log/nginx/access.json", "kubernetes-pod-logs", tmp.file("never")),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("logPath: with logSource kubernetes-pod-logs, logPath must be");
    expect(fs.existsSync(tmp.file("never"))).toBe(false);
  });
});
