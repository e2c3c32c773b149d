import fs from "node:fs";
import {
  generateLog,
  type GeneratedLog,
  type LogSpec,
} from "../../../bench/detector/log-generator";

/** A ~60,000-line log: 90 benign clients (10 IPv6), two floods, a moderate attacker, a 404 scanner, an IPv6 /64 rotator. */
export function testLogSpec(startMs: number, lines = 60_000): LogSpec {
  return {
    seed: 7,
    lines,
    benignV4: 80,
    benignV6: 10,
    startMs,
    attackers: [
      { kind: "flood", startSecond: 300, seconds: 30, rps: 150 },
      { kind: "flood", startSecond: 900, seconds: 30, rps: 200 },
      { kind: "moderate", startSecond: 600, seconds: 300, rps: 6 },
      { kind: "scanner", startSecond: 1200, seconds: 300, rps: 2 },
      { kind: "ipv6-rotator", startSecond: 1500, seconds: 60, rps: 60 },
    ],
  };
}

/** Writes the log to `file` and returns what was generated. */
export function writeTestLog(file: string, spec: LogSpec): GeneratedLog & { text: string } {
  const chunks: string[] = [];
  const log = generateLog(spec, (chunk) => chunks.push(chunk));
  const text = chunks.join("");
  fs.writeFileSync(file, text);
  return { ...log, text };
}
