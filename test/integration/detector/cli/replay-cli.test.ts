import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDetector, jsonLines, runDetector } from "../../../kit/detector/cli";
import { tempDir } from "../../../kit/detector/files";
import { testLogSpec, writeTestLog } from "../../../kit/detector/test-log";

const tmp = tempDir("replay");
beforeAll(() => buildDetector());
afterAll(() => tmp.cleanup());

describe("swiftdeploy-detector replay", () => {
  it("bans exactly the known attackers of a generated log and no benign client", () => {
    const file = tmp.file("generated.jsonl");
    const log = writeTestLog(file, testLogSpec(Date.UTC(2026, 3, 27, 8, 0, 0)));
    const r = runDetector(["replay", file]);
    expect(r.status).toBe(0);
    const out = jsonLines(r.stdout);
    const summary = out.at(-1)!;
    const decisions = out.slice(0, -1);
    const banned = new Set(decisions.filter((d) => d.type === "ban").map((d) => d.ip));
    expect([...banned].sort()).toEqual([...log.attackers].sort());
    expect(log.attackers).toHaveLength(5);
    expect(summary).toMatchObject({
      type: "summary",
      lines: log.lines,
      badLines: 0,
      bans: decisions.filter((d) => d.type === "ban").length,
    });
    expect(summary.unbans).toBe(decisions.filter((d) => d.type === "unban").length);
    for (const d of decisions) {
      expect(d).toHaveProperty("rule");
      expect(d.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      if (d.type !== "alert") expect(typeof d.ip).toBe("string");
    }
  });

  it("prints the summary with the documented names even for an empty log", () => {
    const file = tmp.file("empty.jsonl");
    fs.writeFileSync(file, "");
    const r = runDetector(["replay", file]);
    expect(r.status).toBe(0);
    expect(jsonLines(r.stdout)).toEqual([
      expect.objectContaining({
        type: "summary",
        lines: 0,
        badLines: 0,
        bans: 0,
        unbans: 0,
        alerts: 0,
        firstAt: null,
        lastAt: null,
      }),
    ]);
  });

  it("applies --config and counts bad lines, sampling them on stderr", () => {
    const file = tmp.file("mixed.jsonl");
    fs.writeFileSync(
      file,
      "garbage\n" +
        '{"source_ip":"10.0.0.1","timestamp":"2026-04-27T00:00:00+00:00","status":200}\n',
    );
    const config = tmp.file("c.yaml");
    fs.writeFileSync(config, "windowSeconds: 30\n");
    const r = runDetector(["replay", file, "--config", config]);
    expect(r.status).toBe(0);
    expect(jsonLines(r.stdout)[0]).toMatchObject({
      type: "summary",
      lines: 2,
      badLines: 1,
      badByReason: { notJson: 1 },
    });
    expect(jsonLines(r.stderr)[0]).toMatchObject({
      level: "warn",
      msg: "bad log line",
      reason: "notJson",
      line: "garbage",
    });
  });
});

describe("usage errors exit with 2 and say what is wrong", () => {
  it.each([
    [[], "missing command"],
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["replay"], "replay needs exactly one log FILE"],
    [["replay", "a", "b"], "replay needs exactly one log FILE"],
    [["replay", "x.log", "--nope"], "Unknown option '--nope'"],
    [["replay", "/nonexistent/x.log"], "replay: cannot read /nonexistent/x.log (ENOENT)"],
    [["run", "extra"], "run takes no arguments (got extra)"],
  ])("%j", (args, message) => {
    const r = runDetector(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });

  it("an invalid config names the file, the line and the field", () => {
    const config = tmp.file("bad.yaml");
    fs.writeFileSync(config, "windowSeconds: 1\n");
    const r = runDetector(["replay", config, "--config", config]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${config}:1: windowSeconds: Too small: expected number to be >=5`);
  });

  it("help prints the usage and exits 0", () => {
    const r = runDetector(["help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("replay FILE [--config FILE]");
  });
});
