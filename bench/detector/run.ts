// `npm run bench:detector`: the detector's replay vs fail2ban-regex vs a bare Node loop on the same
// generated 1,000,000-line log, plus peak memory with 100,000 distinct clients in the window.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchLogSpec } from "./bench-spec";
import { writeFail2banFilter } from "./fail2ban-filter";
import { generateLog } from "./log-generator";
import { writeManyClientsLog } from "./many-clients-log";
import { spread, verdict } from "./goal-verdict";
import { best, measure, type Measured } from "./measure";

const ROOT = path.resolve(__dirname, "../..");
const DETECTOR = path.join(ROOT, "dist/detector/swiftdeploy-detector.js");
const REFERENCE = path.join(__dirname, "reference-loop.js");
const OVER_LONG_PATH = path.join(__dirname, "over-long-path.ts");
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = 3;
/** The calibration: a bare Node readline + JSON.parse loop reads about 1.2M lines/s on its machine. */
const REFERENCE_LINES_PER_SECOND = 1_200_000;
const GOALS = {
  linesPerCpuSecond: 1_000_000,
  timesFail2ban: 10,
  rssBytes: 200 * 1024 * 1024,
  overLongRatio: 0.9,
};
/** The padded log: one line in PAD_EVERY carries a user agent of PAD_BYTES (over the 16 KB cap). */
const PAD_EVERY = 100;
const PAD_BYTES = 17_000;

function fail(message: string): never {
  process.stderr.write(`bench:detector: ${message}\n`);
  process.exit(2);
}

function fail2banVersion(): string {
  const r = spawnSync("fail2ban-regex", ["-V"], { encoding: "utf8" });
  if (r.error !== undefined)
    fail(
      "fail2ban-regex not found: install Debian's fail2ban (apt-get install -y fail2ban; npm run setup does it)",
    );
  return `fail2ban-regex ${r.stdout.trim().split("\n")[0] ?? "?"}`;
}

function summaryOf(file: string): Record<string, unknown> {
  const last = fs.readFileSync(file, "utf8").trim().split("\n").at(-1) ?? "{}";
  return JSON.parse(last) as Record<string, unknown>;
}

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
const perSecond = (lines: number, ms: number): number => (lines / ms) * 1000;

function main(): void {
  if (!fs.existsSync(DETECTOR)) fail(`${DETECTOR} missing: run node scripts/build.mjs first`);
  const version = fail2banVersion();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sd-bench-detector-"));
  try {
    const write = (file: string, spec: ReturnType<typeof benchLogSpec>) => {
      const fd = fs.openSync(file, "w");
      const result = generateLog(spec, (chunk) => fs.writeSync(fd, chunk));
      fs.closeSync(fd);
      return result;
    };
    const log = path.join(dir, "access.jsonl");
    const generated = write(log, benchLogSpec(LINES));
    const bytes = fs.statSync(log).size;
    // The same log with one line in PAD_EVERY padded past the detector's line cap.
    const padded = path.join(dir, "padded.jsonl");
    write(padded, { ...benchLogSpec(LINES), padEvery: PAD_EVERY, padBytes: PAD_BYTES });
    const paddedBytes = fs.statSync(padded).size;
    const out = (name: string): [string, string] => [
      path.join(dir, `${name}.out`),
      path.join(dir, `${name}.err`),
    ];

    // Best of three (least CPU) for every side: on a shared machine the least disturbed run is the
    // fairest figure, and each side gets as many tries at it. The plain and the padded log
    // alternate, so both see the same disturbance.
    const ours: Measured[] = [];
    const oursPadded: Measured[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(measure(process.execPath, [DETECTOR, "replay", log], ...out(`ours-${i}`)));
      oursPadded.push(
        measure(process.execPath, [DETECTOR, "replay", padded], ...out(`padded-${i}`)),
      );
    }
    // The over-long-line path alone: the padded log in-process, long lines judged or only counted.
    const inProcess = (mode: "judged" | "skipped", i: number): number => {
      const [stdout, stderr] = out(`path-${mode}-${i}`);
      const run = measure(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", OVER_LONG_PATH, padded, mode],
        stdout,
        stderr,
      );
      if (run.status !== 0) fail(`over-long-path.ts ${mode} failed; see ${stderr}`);
      return (JSON.parse(fs.readFileSync(stdout, "utf8")) as { cpuMs: number }).cpuMs;
    };
    const judgedMs: number[] = [];
    const skippedMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      judgedMs.push(inProcess("judged", i));
      skippedMs.push(inProcess("skipped", i));
    }
    const pathRatio = Math.min(...skippedMs) / Math.min(...judgedMs);
    const reference: Measured[] = [];
    for (let i = 0; i < RUNS; i++)
      reference.push(measure(process.execPath, [REFERENCE, log], ...out(`ref-${i}`)));
    const filter = path.join(dir, "swiftdeploy-json.conf");
    writeFail2banFilter(filter);
    const f2bRuns: Measured[] = [];
    for (let i = 0; i < RUNS; i++)
      f2bRuns.push(measure("fail2ban-regex", [log, filter], ...out(`f2b-${i}`)));
    const f2b = best(f2bRuns);

    const o = best(ours);
    const p = best(oursPadded);
    const r = best(reference);
    if (o.status !== 0 || p.status !== 0 || r.status !== 0 || f2b.status !== 0)
      fail(
        `a run failed (ours ${o.status}, padded ${p.status}, reference ${r.status}, fail2ban ${f2b.status}); outputs in ${dir}`,
      );
    const f2bLines = /Lines: (\d+) lines, \d+ ignored, (\d+) matched/.exec(
      fs.readFileSync(out("f2b-0")[0], "utf8"),
    );
    const summary = summaryOf(out("ours-0")[0]);
    const bannedIn = (file: string) =>
      JSON.stringify(
        [
          ...new Set(
            fs
              .readFileSync(file, "utf8")
              .trim()
              .split("\n")
              .map((l) => JSON.parse(l) as { type: string; ip?: string })
              .filter((d) => d.type === "ban")
              .map((d) => d.ip),
          ),
        ].sort(),
      );
    const exact = bannedIn(out("ours-0")[0]) === JSON.stringify([...generated.attackers].sort());
    const paddedSummary = summaryOf(out("padded-0")[0]);
    const paddedExact = bannedIn(out("padded-0")[0]) === bannedIn(out("ours-0")[0]);
    const paddedRatio = o.cpuMs / p.cpuMs;

    const many = path.join(dir, "many.jsonl");
    const manyLines = writeManyClientsLog(many, 100_000, Date.UTC(2026, 3, 27, 12));
    const m = measure(process.execPath, [DETECTOR, "replay", many], ...out("many"));
    const manySummary = summaryOf(out("many")[0]);
    const rss = Number(manySummary.maxRssBytes);

    const rows: [string, Measured, number][] = [
      ["swiftdeploy-detector replay", o, LINES],
      [`  same, 1 line in ${PAD_EVERY} over 16 KB`, p, LINES],
      ["node readline+JSON.parse+Map", r, LINES],
      [version, f2b, Number(f2bLines?.[1] ?? NaN)],
    ];
    const load = os.loadavg()[0]!.toFixed(1);
    console.log(
      `\nDetector benchmark: ${fmt(LINES)} lines (${(bytes / 1e6).toFixed(1)} MB), ${generated.benign.length} benign clients + ${generated.attackers.length} attackers; node ${process.version}, ${os.cpus().length} CPUs, load ${load}`,
    );
    console.log(
      `${"tool".padEnd(34)}${"wall s".padStart(8)}${"cpu s".padStart(8)}${"lines/s wall".padStart(15)}${"lines/s cpu".padStart(15)}`,
    );
    for (const [name, run, lines] of rows) {
      console.log(
        `${name.padEnd(34)}${(run.wallMs / 1000).toFixed(2).padStart(8)}${(run.cpuMs / 1000).toFixed(2).padStart(8)}${fmt(perSecond(lines, run.wallMs)).padStart(15)}${fmt(perSecond(lines, run.cpuMs)).padStart(15)}`,
      );
    }
    const vsF2bCpu = f2b.cpuMs / o.cpuMs;
    const calibrated = (r.cpuMs / o.cpuMs) * REFERENCE_LINES_PER_SECOND;
    const vsF2bWall = f2b.wallMs / o.wallMs;
    const oursCpuRate = perSecond(LINES, o.cpuMs);
    console.log(
      `engine only (in-process, excluding start-up): ${fmt(Number(summary.linesPerSecond))} lines/s wall`,
    );
    console.log(
      `scaled to the issue's machine (bare loop ${fmt(REFERENCE_LINES_PER_SECOND)} lines/s): ≈ ${fmt(calibrated)} lines/s`,
    );
    console.log(
      `ratios: detector vs fail2ban ×${vsF2bCpu.toFixed(1)} (cpu) ×${vsF2bWall.toFixed(1)} (wall); detector vs bare Node loop ×${(r.cpuMs / o.cpuMs).toFixed(2)} (cpu) ×${(r.wallMs / o.wallMs).toFixed(2)} (wall)`,
    );
    console.log(
      `fail2ban matched ${f2bLines?.[2] ?? "?"} of ${f2bLines?.[1] ?? "?"} lines; detector: ${String(summary.bans)} bans, banned exactly the ${generated.attackers.length} attackers and no benign client: ${exact ? "yes" : "NO"}`,
    );
    console.log(
      `padded log: ${fmt(Number(paddedSummary.badLines))} lines of ${fmt(PAD_BYTES)} bytes (${(paddedBytes / 1e6).toFixed(1)} MB in all, ${(bytes / 1e6).toFixed(1)} MB plain), each counted for its client: replay rate ×${paddedRatio.toFixed(3)} of the plain log's (cpu), ×${(o.wallMs / p.wallMs).toFixed(3)} (wall); same bans: ${paddedExact ? "yes" : "NO"}`,
    );
    console.log(
      `over-long-line path (padded log in-process, best of ${RUNS}): long lines judged ${Math.min(...judgedMs).toFixed(0)} ms cpu vs only counted ${Math.min(...skippedMs).toFixed(0)} ms → replay rate ×${pathRatio.toFixed(3)}`,
    );
    console.log(
      `memory: ${fmt(manyLines)} lines from ${fmt(Number(manySummary.peakClients))} distinct clients in one window → peak RSS ${(rss / 1048576).toFixed(0)} MB (wall ${(m.wallMs / 1000).toFixed(2)} s)`,
    );
    // Noise: how far each side's runs were apart in CPU time (a ratio carries both sides').
    const oursNoise = spread(ours.map((x) => x.cpuMs));
    const f2bNoise = spread(f2bRuns.map((x) => x.cpuMs));
    const goals = [
      [
        `≥ ${fmt(GOALS.linesPerCpuSecond)} lines/s on one core (cpu time)`,
        verdict({
          value: oursCpuRate,
          target: GOALS.linesPerCpuSecond,
          better: "higher",
          noise: oursNoise,
        }),
      ],
      [
        `≥ ${GOALS.timesFail2ban}× fail2ban (cpu time)`,
        verdict({
          value: vsF2bCpu,
          target: GOALS.timesFail2ban,
          better: "higher",
          noise: oursNoise + f2bNoise,
        }),
      ],
      ["< 200 MB RSS with 100,000 clients", rss < GOALS.rssBytes ? "met" : "MISSED"],
      ["bans exactly the attackers", exact ? "met" : "MISSED"],
      [
        `judging over-long lines costs ≤ ${Math.round((1 - GOALS.overLongRatio) * 100)} % of the replay rate`,
        verdict({
          value: pathRatio,
          target: GOALS.overLongRatio,
          better: "higher",
          noise: spread(judgedMs) + spread(skippedMs),
        }),
      ],
      ["the padded log bans the same clients", paddedExact ? "met" : "MISSED"],
    ] as const;
    for (const [goal, said] of goals) console.log(`goal ${said.padEnd(6)} ${goal}`);
    console.log(
      JSON.stringify({
        lines: LINES,
        ours: o,
        oursPadded: p,
        paddedRatio,
        pathRatio,
        judgedMs,
        skippedMs,
        reference: r,
        fail2ban: f2b,
        oursCpuRate,
        calibrated,
        vsF2bCpu,
        vsF2bWall,
        rssBytes: rss,
        exact,
      }),
    );
    process.exitCode = goals.every(([, said]) => said !== "MISSED") ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
