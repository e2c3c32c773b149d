import { describe, expect, it } from "vitest";
import { accessLine, engineRun, steady, T0 } from "../../../kit/detector/lines";

const PADDED = "203.0.113.66";

/** `count` over-long lines from `ip` at second `atSecond` (fed as the splitter hands them). */
function longLines(run: ReturnType<typeof engineRun>, ip: string, atSecond: number, count: number) {
  for (let i = 0; i < count; i++) {
    const line = accessLine(ip, T0 + atSecond * 1000 + i, 200, { user_agent: "A".repeat(600) });
    run.engine.longLine(Buffer.from(line.slice(0, 512)), 20_000);
  }
}

const alerts = (run: ReturnType<typeof engineRun>) =>
  run.decisions.filter((d) => d.type === "alert" && d.rule === "bad-lines");

describe("a surge of bad lines", () => {
  it("is an alert naming the sources that sent the most, with the counts and the limits", () => {
    const run = engineRun();
    run.feed(steady("198.51.100.1", 0, 10, 2).map((h) => accessLine(h.ip, h.ms)));
    longLines(run, PADDED, 10, 90);
    longLines(run, "203.0.113.67", 11, 5);
    run.feed(["not json", "not json either", "{}", "{}", "{}"]);
    expect(alerts(run)).toEqual([
      {
        type: "alert",
        rule: "bad-lines",
        at: new Date(T0 + 11_000).toISOString(),
        evidence: {
          badLines: 100,
          lines: 120,
          share: 0.833,
          windowSeconds: 60,
          byReason: { tooLong: 95, notJson: 2, missingField: 3 },
          minLines: 100,
          minShare: 0.05,
          topSources: [
            { ip: PADDED, lines: 90 },
            { ip: "203.0.113.67", lines: 5 },
            { ip: "unknown", lines: 5 },
          ],
        },
      },
    ]);
  });

  it("stays quiet while bad lines are few, or a small share of a busy log", () => {
    const quiet = engineRun();
    longLines(quiet, PADDED, 0, 99);
    expect(alerts(quiet)).toEqual([]);
    const busy = engineRun({ badLines: { surge: { minShare: 0.5 } } });
    busy.feed(steady("198.51.100.1", 0, 10, 50).map((h) => accessLine(h.ip, h.ms)));
    longLines(busy, PADDED, 10, 150);
    expect(alerts(busy)).toEqual([]);
  });

  it("reminds every cooldownSeconds while it lasts, and forgets lines older than the window", () => {
    const run = engineRun({ badLines: { surge: { cooldownSeconds: 120 } } });
    for (let second = 0; second < 300; second += 10) longLines(run, PADDED, second, 20);
    expect(alerts(run).map((d) => d.at)).toEqual(
      [40, 160, 280].map((s) => new Date(T0 + s * 1000).toISOString()),
    );
    expect(alerts(run).map((d) => (d.type === "alert" ? d.evidence : {}))).toMatchObject([
      { badLines: 100 },
      // the window holds 60 s: five earlier groups of 20, and the line that made the reminder due
      { badLines: 101 },
      { badLines: 101 },
    ]);
  });

  it("can be turned off", () => {
    const run = engineRun({ badLines: { surge: { enabled: false } } });
    longLines(run, PADDED, 0, 500);
    expect(alerts(run)).toEqual([]);
    expect(run.engine.stats().alerts).toBe(0);
  });
});
