// Writes the benchmark's generated log: `ts-node --transpile-only bench/detector/generate.ts OUT [LINES]`.
import fs from "node:fs";
import { benchLogSpec } from "./bench-spec";
import { generateLog } from "./log-generator";

const [out, lines] = process.argv.slice(2);
if (out === undefined) {
  process.stderr.write("usage: generate.ts OUT [LINES]\n");
  process.exit(2);
}
const fd = fs.openSync(out, "w");
const result = generateLog(benchLogSpec(Number(lines ?? 1_000_000)), (chunk) =>
  fs.writeSync(fd, chunk),
);
fs.closeSync(fd);
process.stdout.write(
  `${JSON.stringify(result.attackers)} ${result.lines} lines, ${result.seconds} s\n`,
);
