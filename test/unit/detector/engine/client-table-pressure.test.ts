import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../../core/clock";
import type {
  BanDecision,
  Decision,
  UntrackedAlertDecision,
} from "../../../../detector/decide/decision";
import { DetectorEngine } from "../../../../detector/engine/engine";
import {
  accessLine,
  bannedIps,
  engineRun,
  settings,
  T0,
  type EngineRun,
} from "../../../kit/detector/lines";

/** Feeds `lines` of one log second as one buffer (cheaper than the kit's join for 10^5 lines). */
function feedSecond(run: Pick<EngineRun, "engine">, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const buf = Buffer.from(`${lines.join("\n")}\n`, "latin1");
  for (let start = 0; start < buf.length; ) {
    const end = buf.indexOf(10, start);
    run.engine.line(buf, start, end, true);
    start = end + 1;
  }
}

/** The kit's access line at `ms` cut around its address: 10^5 lines a second of log cost little. */
function around(ms: number): [string, string] {
  const [head, tail] = accessLine("ADDRESS", ms).split("ADDRESS") as [string, string];
  return [head, tail];
}

/** One line per `source(i)` for i in [0, count), each sending once every `period` s (at i % period). */
function oncePer(
  period: number,
  count: number,
  source: (i: number) => string,
  startMs = T0,
): (second: number) => string[] {
  const bySecond: string[][] = Array.from({ length: period }, () => []);
  for (let i = 0; i < count; i++) bySecond[i % period]!.push(source(i));
  return (second) => {
    const [head, tail] = around(startMs + second * 1000);
    return bySecond[second % period]!.map((ip) => head + ip + tail);
  };
}

/** `rps` lines a second from `ip` during [from, to). */
function flood(
  ip: string,
  from: number,
  to: number,
  rps: number,
  startMs = T0,
): (second: number) => string[] {
  return (second) =>
    second < from || second >= to
      ? []
      : Array.from({ length: rps }, (_, k) => accessLine(ip, startMs + second * 1000 + k));
}

function play(
  run: Pick<EngineRun, "engine">,
  seconds: number,
  ...sources: ((second: number) => string[])[]
) {
  for (let s = 0; s < seconds; s++)
    feedSecond(
      run,
      sources.flatMap((source) => source(s)),
    );
}

const alertsOf = (decisions: readonly Decision[], rule: string) =>
  decisions.filter((d) => d.type === "alert" && d.rule === rule);

/** The exploit of issue 20 item 2: 200,000 IPv6 /64s from four /48s, each once a minute. */
const fourSlash48s = (i: number) => `2001:db8:a${i & 3}:${(i >> 2).toString(16)}::1`;

describe("a client table filled by 200,000 /64s of four /48s (issue 20, item 2)", () => {
  it("still bans a real flood that arrives once the table is full, and bans each /48 as a prefix", () => {
    const run = engineRun({ allowlist: ["2001:db8:a1:7::7"] });
    play(
      run,
      200,
      oncePer(60, 200_000, fourSlash48s),
      flood("203.0.113.66", 130, 170, 50),
      flood("2001:db8:a1:7::7", 130, 131, 1),
    );
    // failed before: 0 bans, 0 alerts, untrackedLines 2,000 (the whole flood)
    const bans = run.decisions.filter((d): d is BanDecision => d.type === "ban");
    expect(bannedIps(run.decisions)).toContain("203.0.113.66");
    expect(
      bans
        .filter((b) => b.prefix === 48)
        .map((b) => [b.ip, b.except])
        .sort(),
    ).toEqual([
      ["2001:db8:a0::/48", []],
      ["2001:db8:a1::/48", ["2001:db8:a1:7::7"]],
      ["2001:db8:a2::/48", []],
      ["2001:db8:a3::/48", []],
    ]);
    const flooder = bans.find((b) => b.ip === "203.0.113.66")!;
    expect(Date.parse(flooder.at)).toBeLessThan(T0 + 140_000);
    expect(run.engine.stats()).toMatchObject({ badLines: 0, aggregatedPrefixes: 4 });
  }, 60_000);
});

describe("a client table full of clients that no prefix groups", () => {
  /** 1,200 IPv4 addresses in 1,200 different /24s: nothing to aggregate. */
  const scattered = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.1`;

  it("admits a heavy hitter on its count in the heavy-hitter sketch and bans it", () => {
    const run = engineRun({ tracking: { maxClients: 1000 } });
    play(run, 150, oncePer(30, 1200, scattered), flood("198.51.100.77", 100, 140, 20));
    // failed before: 0 bans (the flood was never tracked)
    expect(bannedIps(run.decisions)).toEqual(["198.51.100.77"]);
    const stats = run.engine.stats();
    expect(stats.clients).toBeLessThanOrEqual(1000);
    expect(stats.heavyHittersAdmitted).toBeGreaterThanOrEqual(1);
    expect(stats.aggregatedPrefixes).toBe(0);
  });

  it("alerts when lines go untracked, naming the top sources", () => {
    const run = engineRun({ tracking: { maxClients: 1000 } });
    play(run, 90, oncePer(60, 1500, scattered), flood("198.51.100.78", 70, 72, 3));
    // failed before: no alert at all while 500 clients a minute went untracked
    const [first] = alertsOf(run.decisions, "untracked-lines");
    expect(first).toMatchObject({
      type: "alert",
      rule: "untracked-lines",
      evidence: { maxClients: 1000, trackedClients: 1000 },
    });
    const evidence = (first as UntrackedAlertDecision).evidence;
    expect(evidence.untrackedLines).toBeGreaterThan(0);
    expect(evidence.topSources.length).toBeGreaterThan(0);
  });
});

describe("a full client table when the host's clock goes back (items 2 and 5 together)", () => {
  it("admits and bans a heavy hitter in the table the windows restart with; its counters carry on", () => {
    const clock = new ManualClock(T0 + 200_000);
    const decisions: Decision[] = [];
    const engine = new DetectorEngine({
      settings: settings({ tracking: { maxClients: 1000 } }),
      clock,
      onDecision: (d) => decisions.push(d),
    });
    const scattered = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.1`;
    play({ engine }, 150, oncePer(30, 1200, scattered), flood("198.51.100.77", 100, 140, 20));
    const before = engine.stats();
    expect(bannedIps(decisions)).toEqual(["198.51.100.77"]);
    expect(before.heavyHittersAdmitted).toBeGreaterThanOrEqual(1);
    const back = T0 - 3_600_000; // the clock is put back an hour: the windows restart
    clock.set(back + 200_000);
    engine.tick(clock.now());
    play(
      { engine },
      150,
      oncePer(30, 1200, scattered, back),
      flood("198.51.100.88", 100, 140, 20, back),
    );
    expect(bannedIps(decisions)).toEqual(["198.51.100.77", "198.51.100.88"]);
    const after = engine.stats();
    expect(after.clients).toBeLessThanOrEqual(1000);
    expect(after.heavyHittersAdmitted).toBeGreaterThan(before.heavyHittersAdmitted);
    expect(after.pressureEvictions).toBeGreaterThan(before.pressureEvictions);
    expect(after.earlyLines).toBe(0);
  });
});
