// `npm run bench:api`: requests/s and latency of GET / through a real Nginx in front of the API,
// beside Nginx answering `return 200` itself, at the same concurrency, in one run. Loopback only.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cpuSeconds } from "./cpu";
import { nodeBinary } from "./processes";
import { recordCostNs } from "./record-cost";
import { median, renderReport } from "./report";
import type { Measurement, Row, Verdict } from "./report";
import { startBenchStack } from "./stack";
import type { BenchStack } from "./stack";
import { runWrk } from "./wrk";
import type { WrkLoad } from "./wrk";

const ROOT = path.resolve(__dirname, "../..");
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const cpuOf = (pids: readonly number[]) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);

/** Runs wrk and charges the CPU time of Nginx's workers and of the serving API to the requests. */
function measure(
  load: WrkLoad,
  scratch: string,
  nginx: readonly number[],
  api?: number,
): Measurement {
  const apis = api === undefined ? [] : [api];
  const [nginx0, api0] = [cpuOf(nginx), cpuOf(apis)];
  const result = runWrk(load, scratch);
  const perRequest = (seconds: number) => (seconds * 1e6) / result.requests;
  return {
    ...result,
    ...(nginx.length === 0 ? {} : { nginxCpuUs: perRequest(cpuOf(nginx) - nginx0) }),
    ...(api === undefined ? {} : { apiCpuUs: perRequest(cpuOf(apis) - api0) }),
  };
}

/** Connections paced to reach `target` req/s with a pause of about 20 ms before each request. */
function pacedLoad(url: string, target: number, latencyMs: number, seconds: number): WrkLoad {
  const connections = Math.min(400, Math.max(8, Math.round(target * 0.02)));
  const delayMs = Math.max(1, Math.round((connections * 1000) / target - latencyMs));
  return { url, connections, seconds, delayMs };
}

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;
const note = (label: string, value: string): Verdict => ({ label, value, goal: "", met: true });

async function main(): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "swiftdeploy-bench-api-"));
  const node = nodeBinary();
  let stack: BenchStack | undefined;
  try {
    stack = await startBenchStack(node, path.join(ROOT, "dist/api/server.js"), scratch);
    const { apiOn, apiOff, apiOffTwin, nginx, nginxWorkers: workers } = stack;
    const at = (url: string, seconds = SECONDS): WrkLoad => ({
      url,
      connections: CONNECTIONS,
      seconds,
    });
    for (const url of [...Object.values(nginx), apiOn.url]) runWrk(at(url, 2), scratch);

    // Interleaved rounds, so the machine's changing load touches every scenario alike.
    const scenarios: Record<string, () => Measurement> = {
      static: () => measure(at(nginx.static), scratch, workers),
      hop: () => measure(at(nginx.hop), scratch, workers),
      on: () => measure(at(nginx.on), scratch, workers, apiOn.pid),
      off: () => measure(at(nginx.off), scratch, workers, apiOff.pid),
      twin: () => measure(at(nginx.offTwin), scratch, workers, apiOffTwin.pid),
      direct: () => measure(at(apiOn.url), scratch, [], apiOn.pid),
    };
    const runs = new Map(Object.keys(scenarios).map((name) => [name, [] as Measurement[]]));
    const loadBefore = os.loadavg()[0]!;
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [name, run] of Object.entries(scenarios)) runs.get(name)!.push(run());
    }
    const result = (name: string) => median(runs.get(name)!);
    const [fixed, hop, on, off, twin, direct] = [
      "static",
      "hop",
      "on",
      "off",
      "twin",
      "direct",
    ].map(result) as [Measurement, ...Measurement[]];

    const target = on!.requestsPerSecond / 2;
    const calibration = runWrk(pacedLoad(nginx.on, target, 0, 3), scratch);
    const paced = pacedLoad(nginx.on, target, calibration.p50Ms, SECONDS * 2);
    const half = median([0, 1, 2].map(() => measure(paced, scratch, workers, apiOn.pid)));
    const loadAfter = os.loadavg()[0]!;
    const recordNs = recordCostNs();

    const share = (half.requestsPerSecond / on!.requestsPerSecond) * 100;
    const rows: Row[] = [
      { scenario: "nginx static `return 200`", result: fixed },
      { scenario: "nginx -> nginx `return 200` (the proxy hop alone)", result: hop! },
      { scenario: "nginx -> api GET / (metrics on)", result: on! },
      { scenario: "nginx -> api GET / (METRICS=off)", result: off! },
      { scenario: "nginx -> api GET / (METRICS=off, A/A twin)", result: twin! },
      { scenario: "api GET / direct, no proxy (metrics on)", result: direct! },
      { scenario: `nginx -> api paced at ${share.toFixed(0)} % of peak`, result: half },
    ];
    const ratio = on!.requestsPerSecond / fixed.requestsPerSecond;
    const offCpu = (off!.apiCpuUs! + twin!.apiCpuUs!) / 2;
    const cpuCost = 1 - offCpu / on!.apiCpuUs!;
    const inherent = recordNs / 1000 / offCpu;
    const verdicts: Verdict[] = [
      {
        label: "api via nginx / nginx static (req/s)",
        value: ratio.toFixed(2),
        goal: ">= 0.50",
        met: ratio >= 0.5,
      },
      note(
        "  ceiling: proxy hop alone / nginx static",
        (hop!.requestsPerSecond / fixed.requestsPerSecond).toFixed(2),
      ),
      {
        label: "metrics cost, api CPU per request",
        value: percent(cpuCost),
        goal: "< 10 %",
        met: cpuCost < 0.1,
      },
      note(
        "  noise floor: A/A twins differ by",
        percent(Math.abs(off!.apiCpuUs! - twin!.apiCpuUs!) / offCpu),
      ),
      {
        label: `  recorder alone: ${recordNs.toFixed(0)} ns/request`,
        value: percent(inherent),
        goal: "< 10 %",
        met: inherent < 0.1,
      },
      {
        label: "p99 at about half of peak",
        value: `${half.p99Ms.toFixed(2)} ms`,
        goal: "< 5 ms",
        met: half.p99Ms < 5,
      },
    ];
    const header = [
      `API benchmark: wrk -t1 -c${CONNECTIONS}, ${SECONDS} s runs, ${ROUNDS} interleaved rounds, medians; paced row: ` +
        `${paced.connections} connections pausing ${paced.delayMs} ms before each request, 3 x ${paced.seconds} s`,
      `api: node ${execFileSync(node, ["--version"], { encoding: "utf8" }).trim()} (${node}), LOG_LEVEL=warn; ` +
        `${spawnSync("nginx", ["-v"], { encoding: "utf8" }).stderr.trim()}, 1 worker, no access log, upstream keepalive`,
      `machine: ${os.cpus().length} CPUs shared by wrk, nginx, node and anything else running; ` +
        `1-min load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
    ].join("\n");
    console.log(renderReport(header, rows, verdicts));

    const errors = rows.reduce((sum, r) => sum + r.result.errors, 0);
    if (errors > 0) {
      console.error(
        `\n${errors} failed requests during the runs: the figures above are not trustworthy`,
      );
      process.exitCode = 1;
    }
  } finally {
    stack?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
