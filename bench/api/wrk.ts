import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

/** What one wrk run measured. */
export interface WrkResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses that were not 2xx/3xx, plus socket errors: a run with any is not a fair figure. */
  readonly errors: number;
}

/**
 * One load setting. With `meanThinkMs`, each connection pauses before every request for a random
 * time drawn from an exponential distribution with that mean, so the requests of many connections
 * arrive as a Poisson stream (independent users) at a capped rate.
 */
export interface WrkLoad {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly meanThinkMs?: number;
}

/** Fixed seed: two runs of the same load draw the same pauses. */
const THINK_SEED = 20261203;

/**
 * wrk's Lua `delay()` hook for exponential think times. wrk takes whole milliseconds, so each draw
 * is rounded (the mean stays within 1 % of `meanMs` for means above 1 ms). A fixed pause instead
 * lines the connections up: they all finish, pause and send again together, and those convoys
 * queue behind each other — Nginx's own `return 200` showed a 2 ms median that way at a rate where
 * it answers in 0.3 ms.
 */
export function thinkTimeScript(meanMs: number): string {
  return [
    `math.randomseed(${THINK_SEED})`,
    "function delay()",
    `  return math.floor(-math.log(1 - math.random()) * ${meanMs.toFixed(3)} + 0.5)`,
    "end",
    "",
  ].join("\n");
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function durationMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!match) throw new Error(`unexpected wrk duration ${text}`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

/** Parses wrk's `--latency` report. */
export function parseWrk(output: string): WrkResult {
  const total = /^\s*(\d+) requests in /m.exec(output);
  const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(output);
  const p50 = /^\s+50%\s+(\S+)/m.exec(output);
  const p99 = /^\s+99%\s+(\S+)/m.exec(output);
  if (!total || !rate || !p50 || !p99) throw new Error(`could not read wrk's report:\n${output}`);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    output,
  );
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    requests: Number(total[1]),
    requestsPerSecond: Number(rate[1]),
    p50Ms: durationMs(p50[1]!),
    p99Ms: durationMs(p99[1]!),
    errors: non2xx + socketErrors,
  };
}

/** Runs wrk with one thread (the machine's other core serves) and returns what it measured. */
export function runWrk(load: WrkLoad, scratch: string): WrkResult {
  const args = [
    "-t1",
    `-c${load.connections}`,
    `-d${load.seconds}s`,
    "--latency",
    "--timeout",
    "5s",
  ];
  if (load.meanThinkMs !== undefined) {
    const script = path.join(scratch, `think-${load.meanThinkMs.toFixed(3)}.lua`);
    writeFileSync(script, thinkTimeScript(load.meanThinkMs));
    args.push("-s", script);
  }
  const result = spawnSync("wrk", [...args, load.url], {
    encoding: "utf8",
    timeout: (load.seconds + 30) * 1000,
  });
  if (result.error)
    throw new Error(
      `wrk could not run (${result.error.message}); install it: apt-get install -y wrk`,
    );
  if (result.status !== 0) throw new Error(`wrk exited ${result.status}:\n${result.stderr}`);
  return parseWrk(result.stdout);
}
