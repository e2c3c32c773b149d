// The reference the issue names: a bare Node readline + JSON.parse + Map count over the same log.
"use strict";
const fs = require("node:fs");
const readline = require("node:readline");

async function main(file) {
  const started = process.hrtime.bigint();
  const counts = new Map();
  let lines = 0;
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    lines++;
    try {
      const ip = JSON.parse(line).source_ip;
      counts.set(ip, (counts.get(ip) ?? 0) + 1);
    } catch {
      // a bad line: skip it
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(
    `${JSON.stringify({ lines, clients: counts.size, elapsedMs: Math.round(ms) })}\n`,
  );
}

main(process.argv[2]);
