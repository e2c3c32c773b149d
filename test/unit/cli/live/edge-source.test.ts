import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { manifestWith } from "../../../kit/manifest";
import {
  accessLogTailCommand,
  parseAccessLogTail,
  type AccessLogTail,
} from "../../../../cli/live/access-log-tail";
import { liveEdgeSource } from "../../../../cli/live/edge-source";
import type { LiveContainer } from "../../../../cli/live/containers";
import type { LiveStack } from "../../../../cli/live/live-stack";

/** Runs the command with sh, as the host does, framed like DockerLiveStack.run. */
function runTail(file: string, from: number | "end"): AccessLogTail {
  let output: string;
  let exitCode = 0;
  try {
    output = execFileSync("sh", ["-c", accessLogTailCommand(file, from)], { encoding: "utf8" });
  } catch (error) {
    const e = error as { stdout: string; status: number };
    output = e.stdout;
    exitCode = e.status;
  }
  return parseAccessLogTail({ exitCode, output }, file);
}

const line = (second: number, addr: string, status = 200) =>
  JSON.stringify({
    timestamp: `2026-12-06T03:00:${String(second).padStart(2, "0")}+00:00`,
    status,
    path: "/",
    upstream_addr: addr,
    upstream_status: String(status),
    upstream_response_time: "0.004",
  }) + "\n";

describe("reading Nginx's access log past a mark (the host's sh)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sd-tail-"));
  const file = path.join(dir, "access.json");

  it("gives the size alone at 'end', the bytes past a mark, and the whole new file after a rotation", () => {
    fs.writeFileSync(file, "a\nb\n");
    expect(runTail(file, "end")).toEqual({ size: 4, start: 4, text: "" });
    fs.appendFileSync(file, "c\n");
    expect(runTail(file, 4)).toEqual({ size: 6, start: 4, text: "c\n" });
    fs.writeFileSync(file, "d\n"); // rotated: the file is smaller than the mark
    expect(runTail(file, 6)).toEqual({ size: 2, start: 0, text: "d\n" });
  });

  it("fails naming the file when there is no log", () => {
    expect(() => runTail(path.join(dir, "missing.json"), 0)).toThrow(
      /cannot read Nginx's access log .*missing\.json/,
    );
  });
});

describe("liveEdgeSource", () => {
  const manifest = manifestWith({});
  const containers: LiveContainer[] = [
    {
      name: "api-stable",
      role: "api-stable",
      version: "1.0.0",
      address: "172.20.0.4",
      running: true,
      health: "healthy",
    },
    {
      name: "api-canary",
      role: "api-canary",
      version: "1.1.0",
      address: "172.20.0.5",
      running: true,
      health: "healthy",
    },
  ];
  const log = [
    line(0, "172.20.0.4:3000"),
    line(1, "172.20.0.5:3000", 502),
    line(2, "172.20.0.5:3000"),
    line(3, "172.20.0.4:3000"),
  ];

  function stack(text: string, start: number, size: number): LiveStack {
    return {
      manifest,
      label: "root@host",
      containers: () => Promise.resolve(containers),
      accessLogTail: () => Promise.resolve({ size, start, text }),
    } as unknown as LiveStack;
  }

  it("counts exactly the bytes between the two marks, by the containers' addresses", async () => {
    const before = log[0]!.length;
    const within = log[1]!.length + log[2]!.length;
    const text = log.slice(1).join("");
    const source = liveEdgeSource(stack(text, before, before + text.length), { now: () => 0 });
    const w = await source.windows(
      { bytes: before, at: 0 },
      { bytes: before + within, at: 60_000 },
    );
    expect(w.canary).toMatchObject({ requests: 2, errors: 1 });
    expect(w.stable.requests).toBe(0); // the line after the end mark is left out
  });

  it("after a rotation, reads the new file's lines stamped within the window", async () => {
    const text = log.join("");
    const source = liveEdgeSource(stack(text, 0, text.length), { now: () => 0 });
    const from = { bytes: 10_000, at: Date.parse("2026-12-06T03:00:01Z") };
    const to = { bytes: 20_000, at: Date.parse("2026-12-06T03:00:01.500Z") };
    const w = await source.windows(from, to);
    // Widened by a second each side (the log has whole seconds): seconds 0 to 2.
    expect(w.canary.requests).toBe(2);
    expect(w.stable.requests).toBe(1);
  });

  it("marks nothing where the target has no single log", async () => {
    const none = { ...stack("", 0, 0), accessLogTail: () => Promise.resolve(null) } as LiveStack;
    expect(await liveEdgeSource(none, { now: () => 5 }).mark()).toBeUndefined();
  });
});
