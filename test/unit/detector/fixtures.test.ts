import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { DetectorSettingsInput } from "../../../core/detector-settings";
import { DetectorEngine } from "../../../detector/engine/engine";
import { readAllLines } from "../../../detector/io/read-all-lines";
import { LineSplitter } from "../../../detector/source/line-splitter";
import { settings } from "../../kit/detector/lines";

const ROOT = path.resolve(__dirname, "../../fixtures/detector");
const cases = fs
  .readdirSync(ROOT)
  .filter((name) => fs.statSync(path.join(ROOT, name)).isDirectory());

function readJsonLines(file: string): unknown[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as unknown);
}

describe("fixture folders (input lines → expected decisions)", () => {
  it("has cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });

  it.each(cases)("%s", (name) => {
    const dir = path.join(ROOT, name);
    const configFile = path.join(dir, "config.json");
    const overrides = fs.existsSync(configFile)
      ? (JSON.parse(fs.readFileSync(configFile, "utf8")) as DetectorSettingsInput)
      : {};
    const s = settings(overrides);
    const decisions: unknown[] = [];
    const engine = new DetectorEngine({
      settings: s,
      onDecision: (d) =>
        decisions.push({
          type: d.type,
          ip: "ip" in d ? d.ip : undefined,
          rule: d.rule,
          at: d.at,
          step: "step" in d ? d.step : undefined,
        }),
    });
    const splitter = new LineSplitter(
      (b, st, en, a) => engine.line(b, st, en, a),
      (p, n) => engine.longLine(p, n),
      s.badLines.maxLineBytes,
    );
    readAllLines(path.join(dir, "input.jsonl"), splitter);
    expect(JSON.parse(JSON.stringify(decisions))).toEqual(
      readJsonLines(path.join(dir, "expected.jsonl")),
    );
    const summaryFile = path.join(dir, "expected-summary.json");
    if (fs.existsSync(summaryFile))
      expect(engine.stats()).toMatchObject(
        JSON.parse(fs.readFileSync(summaryFile, "utf8")) as object,
      );
  });
});
