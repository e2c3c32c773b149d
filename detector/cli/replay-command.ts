import fs from "node:fs";
import { parseArgs } from "node:util";
import { DetectorEngine } from "../engine/engine";
import { readAllLines } from "../io/read-all-lines";
import { LineSplitter } from "../source/line-splitter";
import { loadSettings } from "./load-settings";
import type { Output } from "../io/output";
import { ExitCode, UsageError } from "./usage";

const CHUNK_BYTES = 1 << 20;

/**
 * `replay FILE [--config FILE]`: the engine over a whole log, as fast as it goes, in log time.
 * Prints each decision as a JSON line, then the summary line. The host's own addresses are not
 * added to the allowlist, so a replay decides the same on any machine. Log time is bounded by the
 * file's modification time (no line can have been written later) plus clockSkewSeconds.
 */
export function replayCommand(args: string[], out: Output, elapsedMs: () => number): number {
  const { values, positionals } = parseArgs({
    args,
    options: { config: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError("replay needs exactly one log FILE");
  const file = positionals[0]!;
  const settings = loadSettings(values.config);
  const writtenBy = modifiedAt(file);
  const engine = new DetectorEngine({
    settings,
    clock: { now: () => writtenBy },
    onDecision: (decision) => out.json(decision),
    onBadLine: (sample) => out.log("warn", "bad log line", { ...sample }),
  });
  const splitter = new LineSplitter(
    (buf, start, end, ascii) => engine.line(buf, start, end, ascii),
    (prefix, length) => engine.longLine(prefix, length),
    settings.badLines.maxLineBytes,
    CHUNK_BYTES,
  );
  const started = elapsedMs();
  let bytes: number;
  try {
    bytes = readAllLines(file, splitter);
  } catch (error) {
    throw unreadable(file, error);
  }
  const took = elapsedMs() - started;
  const stats = engine.stats();
  out.json({
    type: "summary",
    ...stats,
    bytes,
    elapsedMs: Math.round(took),
    linesPerSecond: took > 0 ? Math.round((stats.lines / took) * 1000) : null,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  });
  out.flush();
  return ExitCode.Ok;
}

function unreadable(file: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "EISDIR" || code === "EACCES")
    return new UsageError(`replay: cannot read ${file} (${code})`);
  return error;
}

/** When the log was last written: no line in it can be stamped later (beyond the skew). */
function modifiedAt(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch (error) {
    throw unreadable(file, error);
  }
}
