import { describe, expect, it } from "vitest";
import { ManualClock, type Clock } from "../../../../core/clock";
import type { BanDecision, Decision } from "../../../../detector/decide/decision";
import { DetectorEngine } from "../../../../detector/engine/engine";
import { SteadyClock } from "../../../../detector/io/steady-clock";
import { accessLine, settings, steady, T0, traffic, type Hit } from "../../../kit/detector/lines";
import type { DetectorSettingsInput } from "../../../../core/detector-settings";

const YEAR_MS = 365 * 86_400_000;

function clockedRun(clock: Clock, overrides: DetectorSettingsInput = {}) {
  const decisions: Decision[] = [];
  const engine = new DetectorEngine({
    settings: settings(overrides),
    clock,
    onDecision: (d) => decisions.push(d),
  });
  const feed = (lines: readonly string[]) => {
    for (const line of lines) {
      const buf = Buffer.from(line);
      engine.line(buf, 0, buf.length);
    }
  };
  return { engine, decisions, feed, clockNow: () => clock.now() };
}

const bans = (decisions: readonly Decision[]) =>
  decisions.filter((d): d is BanDecision => d.type === "ban");

describe("log time is clamped to the clock plus clockSkewSeconds", () => {
  it("one line stamped a year ahead ends no ban and makes no year-long ban", () => {
    const clock = new ManualClock(T0 + 60_000);
    const run = clockedRun(clock);
    run.feed(traffic(steady("203.0.113.1", 10, 5, 100)));
    run.feed([accessLine("198.51.100.9", T0 + YEAR_MS)]);
    run.feed(traffic(steady("203.0.113.2", 20, 5, 100)));
    expect(run.decisions.map((d) => `${d.type} ${"ip" in d ? d.ip : ""}`)).toEqual([
      "ban 203.0.113.1",
      "ban 203.0.113.2",
    ]);
    const second = bans(run.decisions)[1]!;
    expect(second.durationSeconds).toBe(600);
    expect(Date.parse(second.until!)).toBeLessThanOrEqual(clock.now() + 5_000 + 600_000);
    expect(run.engine.stats()).toMatchObject({ earlyLines: 1, activeBans: 2 });
  });

  it("counts every line stamped ahead of the clock, and lets lines within the skew through", () => {
    const clock = new ManualClock(T0);
    const run = clockedRun(clock);
    run.feed([accessLine("198.51.100.9", T0 + 5_000), accessLine("198.51.100.9", T0 + 6_000)]);
    expect(run.engine.stats()).toMatchObject({
      earlyLines: 1,
      lastAt: new Date(T0 + 5_000).toISOString(),
    });
  });

  it("shortens bans a clock that has since stepped back made too long, and bans afresh for one step", () => {
    const clock = new ManualClock(T0 + YEAR_MS + 60_000);
    const run = clockedRun(clock);
    run.feed(traffic(steady("203.0.113.1", 10, 5, 100)).map((l) => shift(l, YEAR_MS)));
    expect(bans(run.decisions)).toHaveLength(1);
    clock.set(T0 + 60_000); // the host's clock is put right
    run.engine.tick(clock.now());
    run.feed(traffic(steady("203.0.113.2", 61, 5, 100)));
    const second = bans(run.decisions)[1];
    expect(Date.parse(second!.until!)).toBeLessThanOrEqual(T0 + 66_000 + 600_000);
    run.engine.tick(T0 + 60_000 + 600_001);
    expect(run.decisions.filter((d) => d.type === "unban").map((d) => d.ip)).toEqual([
      "203.0.113.1",
    ]);
  });
});

function shift(line: string, ms: number): string {
  const parsed = JSON.parse(line) as { timestamp: string };
  const at = new Date(Date.parse(parsed.timestamp) + ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, "+00:00");
  return JSON.stringify({ ...parsed, timestamp: at });
}

describe("a host clock step, seen through the daemon's SteadyClock", () => {
  it("ends no ban while it lasts and times the bans it sees by the real time", () => {
    const wall = new ManualClock(T0 + 60_000);
    let mono = 0;
    const run = clockedRun(new SteadyClock(wall, () => mono));
    const pass = (ms: number) => {
      mono += ms;
      wall.advance(ms);
    };
    run.feed(traffic(steady("203.0.113.1", 10, 5, 100)));
    wall.advance(YEAR_MS); // the host's clock jumps; Nginx stamps with it
    pass(1_000);
    run.engine.tick(run.clockNow());
    run.feed(traffic(steady("203.0.113.2", 61, 5, 100)).map((l) => shift(l, YEAR_MS)));
    run.engine.tick(run.clockNow());
    wall.advance(-YEAR_MS); // and is put right
    pass(1_000);
    run.engine.tick(run.clockNow());
    expect(run.decisions.map((d) => `${d.type} ${"ip" in d ? d.ip : ""}`)).toEqual([
      "ban 203.0.113.1",
      "ban 203.0.113.2",
    ]);
    const second = bans(run.decisions)[1]!;
    expect(Date.parse(second.until!)).toBeLessThanOrEqual(T0 + 61_000 + 5_000 + 600_000);
  });
});

describe("a storm breaker tripped before the host's clock is put back (items 3 and 5 together)", () => {
  /** 200 ordinary clients at 1 req/s that a bad threshold calls attackers (as in trustworthy-bans). */
  const crowd = (seconds: number): Hit[][] =>
    Array.from({ length: 200 }, (_, i) =>
      steady(`198.51.${100 + (i >> 8)}.${i & 255}`, i % 7, seconds, 1),
    );
  const badThreshold = { rules: { minRequests: 5, zScore: { threshold: 0.1 } } } as const;
  const DAY_MS = 86_400_000;

  it("still resets by itself once the storm has been over for autoResetMinutes of the clock's time", () => {
    const clock = new ManualClock(T0 + DAY_MS + 200_000);
    const run = clockedRun(clock, badThreshold);
    run.feed(traffic(...crowd(120)).map((l) => shift(l, DAY_MS)));
    expect(run.engine.breaker.tripped).toBeDefined();
    clock.set(T0 + 60_000); // the host's clock is put back a day
    run.engine.tick(clock.now());
    clock.set(T0 + 2 * 3_600_000);
    run.feed(traffic(steady("192.0.2.1", 70, 20 * 60, 0.2)));
    expect(run.engine.breaker.tripped).toBeUndefined();
    expect(
      run.decisions.filter((d) => d.type === "alert" && d.rule === "ban-breaker-reset"),
    ).toHaveLength(1);
  });
});
