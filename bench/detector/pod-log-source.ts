// `npm run bench:detector:pod-logs`: the Kubernetes log source's cost. The bench log (bench-spec.ts)
// is written twice: plain, as the Docker host's Nginx writes it, and in the kubelet's CRI framing
// (`<time> stdout F <json>`, one line in 100 split into P chunks, a stderr line every 1,000), as
// Nginx's pod log on a node. Both are replayed in this process through the detector's engine,
// alternating, best of 3 by CPU time: plain through the file source's splitter, CRI through the same
// splitter and the pod-log source's CriLineDecoder. Prints lines/s of CPU for each, the ratio, and
// whether both banned the same addresses.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DetectorSettingsSchema } from "../../core/detector-settings";
import { DetectorEngine } from "../../detector/engine/engine";
import { readAllLines } from "../../detector/io/read-all-lines";
import { CriLineDecoder } from "../../detector/source/cri-lines";
import { LineSplitter } from "../../detector/source/line-splitter";
import { CRI_HEADER_BYTES } from "../../detector/source/pod-log-source";
import { benchLogSpec } from "./bench-spec";
import { generateLog } from "./log-generator";

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = 3;
const SPLIT_EVERY = 100;
const STDERR_EVERY = 1_000;
const TIME = "2026-12-06T06:00:00.000000001Z";

function criFramed(line: string, i: number): string {
  const err = i % STDERR_EVERY === 0 ? `${TIME} stderr F 2026/12/06 [warn] 1#1: something\n` : "";
  if (i % SPLIT_EVERY !== 0) return `${err}${TIME} stdout F ${line}\n`;
  const half = Math.floor(line.length / 2);
  return `${err}${TIME} stdout P ${line.slice(0, half)}\n${TIME} stdout F ${line.slice(half)}\n`;
}

interface Replay {
  readonly cpuMs: number;
  readonly lines: number;
  readonly banned: string[];
}

/** One in-process replay: CPU ms, lines judged, banned addresses. */
function replay(file: string, cri: boolean): Replay {
  const settings = DetectorSettingsSchema.parse({});
  const banned = new Set<string>();
  const engine = new DetectorEngine({
    settings,
    onDecision: (d) => {
      if (d.type === "ban") banned.add(d.ip);
    },
  });
  const onLine = (buf: Buffer, start: number, end: number, ascii: boolean) =>
    engine.line(buf, start, end, ascii);
  const onLong = (prefix: Buffer, length: number) => engine.longLine(prefix, length);
  const max = settings.badLines.maxLineBytes;
  const decoder = new CriLineDecoder(onLine, onLong, max);
  const splitter = cri
    ? new LineSplitter(decoder.line, decoder.longLine, max + CRI_HEADER_BYTES, 1 << 20)
    : new LineSplitter(onLine, onLong, max, 1 << 20);
  const before = process.cpuUsage();
  readAllLines(file, splitter);
  const used = process.cpuUsage(before);
  return {
    cpuMs: (used.user + used.system) / 1000,
    lines: engine.stats().lines,
    banned: [...banned].sort(),
  };
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sd-bench-pod-logs-"));
  try {
    const plain = path.join(dir, "access.jsonl");
    const cri = path.join(dir, "0.log");
    const plainFd = fs.openSync(plain, "w");
    const criFd = fs.openSync(cri, "w");
    let carry = "";
    let n = 0;
    generateLog(benchLogSpec(LINES), (chunk) => {
      fs.writeSync(plainFd, chunk);
      const lines = (carry + chunk).split("\n");
      carry = lines.pop() ?? "";
      fs.writeSync(criFd, lines.map((l) => criFramed(l, n++)).join(""));
    });
    if (carry !== "") fs.writeSync(criFd, criFramed(carry, n++));
    fs.closeSync(plainFd);
    fs.closeSync(criFd);
    const plainRuns: Replay[] = [];
    const criRuns: Replay[] = [];
    for (let i = 0; i < RUNS; i++) {
      plainRuns.push(replay(plain, false));
      criRuns.push(replay(cri, true));
    }
    const bestOf = (runs: readonly Replay[]) => runs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
    const p = bestOf(plainRuns);
    const c = bestOf(criRuns);
    const rate = (r: Replay) => Math.round((r.lines / r.cpuMs) * 1000);
    const sameBans = JSON.stringify(p.banned) === JSON.stringify(c.banned);
    const mb = (f: string) => (fs.statSync(f).size / 1e6).toFixed(0);
    process.stdout.write(
      [
        `log: ${LINES.toLocaleString("en-US")} lines; plain ${mb(plain)} MB, CRI-framed ${mb(cri)} MB (1 in ${SPLIT_EVERY} split into P chunks, a stderr line every ${STDERR_EVERY})`,
        `plain file source:   ${rate(p).toLocaleString("en-US")} lines/s of CPU (best of ${RUNS}: ${p.cpuMs.toFixed(0)} ms)`,
        `pod-log (CRI) source: ${rate(c).toLocaleString("en-US")} lines/s of CPU (best of ${RUNS}: ${c.cpuMs.toFixed(0)} ms)`,
        `ratio CRI / plain: x${(rate(c) / rate(p)).toFixed(3)}; lines judged ${p.lines} / ${c.lines}; same bans: ${sameBans ? "yes" : "NO"} (${p.banned.length})`,
        "",
      ].join("\n"),
    );
    if (!sameBans || p.lines !== c.lines) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
