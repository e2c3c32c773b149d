// One replay of a log in-process, timed by this process's own CPU use (start-up excluded):
// `over-long-path.ts LOG judged|skipped`. "judged" is the detector as it is: an over-long line is
// counted for its client from its first bytes; "skipped" hands such lines to a sink that only counts
// them, as the detector did before. Prints {"mode","cpuMs","lines","longLines","bans"}.
import { DetectorSettingsSchema } from "../../core/detector-settings";
import { DetectorEngine } from "../../detector/engine/engine";
import { readAllLines } from "../../detector/io/read-all-lines";
import { LineSplitter } from "../../detector/source/line-splitter";

const [file, mode] = process.argv.slice(2);
if (file === undefined || (mode !== "judged" && mode !== "skipped")) {
  process.stderr.write("usage: over-long-path.ts LOG judged|skipped\n");
  process.exit(2);
}
const settings = DetectorSettingsSchema.parse({});
let bans = 0;
let longLines = 0;
const engine = new DetectorEngine({
  settings,
  onDecision: (d) => {
    if (d.type === "ban") bans++;
  },
});
const splitter = new LineSplitter(
  (buf, start, end, ascii) => engine.line(buf, start, end, ascii),
  mode === "judged"
    ? (prefix, length) => {
        longLines++;
        engine.longLine(prefix, length);
      }
    : () => {
        longLines++;
      },
  settings.badLines.maxLineBytes,
  1 << 20,
);
const before = process.cpuUsage();
readAllLines(file, splitter);
const used = process.cpuUsage(before);
process.stdout.write(
  `${JSON.stringify({ mode, cpuMs: (used.user + used.system) / 1000, lines: engine.stats().lines + (mode === "skipped" ? longLines : 0), longLines, bans })}\n`,
);
