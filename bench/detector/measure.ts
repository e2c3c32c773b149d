import { spawnSync } from "node:child_process";

/** Wall and CPU time (user + system, all threads) of one command run to completion. */
export interface Measured {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly status: number | null;
}

function seconds(text: string): number {
  const m = /^(\d+)m([\d.]+)s$/.exec(text);
  if (m === null) throw new Error(`cannot read a time from ${JSON.stringify(text)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Runs `command args…` with stdout and stderr sent to files, under bash so the `times` builtin can
 * report the child's CPU time (Node cannot read a child's rusage).
 */
export function measure(
  command: string,
  args: readonly string[],
  stdoutFile: string,
  stderrFile: string,
): Measured {
  const script = '"$@" >"$BENCH_OUT" 2>"$BENCH_ERR"; s=$?; times; exit $s';
  const started = process.hrtime.bigint();
  const r = spawnSync("bash", ["-c", script, "bash", command, ...args], {
    env: { ...process.env, BENCH_OUT: stdoutFile, BENCH_ERR: stderrFile },
    encoding: "utf8",
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const children = r.stdout.trim().split("\n")[1]?.trim().split(/\s+/) ?? [];
  if (children.length !== 2)
    throw new Error(`unexpected output of times: ${JSON.stringify(r.stdout)}`);
  const cpuMs = (seconds(children[0]!) + seconds(children[1]!)) * 1000;
  return { wallMs, cpuMs, status: r.status };
}

/** The run with the least CPU time: the one other processes disturbed least. */
export function best(runs: readonly Measured[]): Measured {
  return [...runs].sort((a, b) => a.cpuMs - b.cpuMs)[0]!;
}
