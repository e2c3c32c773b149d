// `npm run bench:api`: requests/s and latency of GET / through a real Nginx in front of the API,
// beside Nginx answering `return 200` itself, at the same concurrency, in one run. Loopback only.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { busySeconds, cpuSeconds, machineTicks, stealShare } from "./cpu";
import { nodeBinary } from "./processes";
import { recordCostNs } from "./record-cost";
import { median, mid, renderReport } from "./report";
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

/**
 * Runs wrk and charges to the requests the CPU time of Nginx's workers, of the serving API, and of
 * the whole machine (wrk, the kernel's loopback TCP and anything else running included).
 */
function measure(
  load: WrkLoad,
  scratch: string,
  nginx: readonly number[],
  api?: number,
): Measurement {
  const apis = api === undefined ? [] : [api];
  const [nginx0, api0, machine0] = [cpuOf(nginx), cpuOf(apis), machineTicks()];
  const result = runWrk(load, scratch);
  const machine1 = machineTicks();
  const perRequest = (seconds: number) => (seconds * 1e6) / result.requests;
  return {
    ...result,
    steal: stealShare(machine0, machine1),
    machineCpuUs: perRequest(busySeconds(machine0, machine1)),
    ...(nginx.length === 0 ? {} : { nginxCpuUs: perRequest(cpuOf(nginx) - nginx0) }),
    ...(api === undefined ? {} : { apiCpuUs: perRequest(cpuOf(apis) - api0) }),
  };
}

/**
 * Each paced connection sends about every 5 ms (think time plus the answer), so reaching `target`
 * takes target/200 connections. Fewer, busier connections keep wrk's own work small (it scans
 * every pending timer on each turn of its loop: at the same rate, 189 connections pausing 17 ms
 * showed twice the p99 of 50 pausing 4 ms), while the think time stays several times the latency,
 * so a slow answer barely holds back the next request.
 */
const PACED_CYCLE_MS = 5;

/** Connections with exponential think times that together send about `target` req/s. */
function pacedLoad(url: string, target: number, latencyMs: number, seconds: number): WrkLoad {
  const connections = Math.min(400, Math.max(8, Math.round((target * PACED_CYCLE_MS) / 1000)));
  const meanThinkMs = Math.max(0.5, (connections * 1000) / target - latencyMs);
  return { url, connections, seconds, meanThinkMs };
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
    // The same paced load on Nginx's own `return 200`: what wrk and this machine add at this rate.
    const floorLoad: WrkLoad = { ...paced, url: nginx.static };
    const halves: Measurement[] = [];
    const floors: Measurement[] = [];
    for (let round = 0; round < 3; round += 1) {
      halves.push(measure(paced, scratch, workers, apiOn.pid));
      floors.push(measure(floorLoad, scratch, workers));
    }
    const [half, floor] = [median(halves), median(floors)];
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
      { scenario: "nginx static paced the same (the harness's floor)", result: floor },
    ];
    const ratio = on!.requestsPerSecond / fixed.requestsPerSecond;
    // Paired by round (each round ran on, off and twin back to back, under the same load), then
    // the median over rounds: steadier than comparing the medians of each.
    const apiCpu = (name: string) => runs.get(name)!.map((m) => m.apiCpuUs!);
    const [onCpu, offCpus, twinCpu] = [apiCpu("on"), apiCpu("off"), apiCpu("twin")];
    const offCpu = mid(offCpus.map((o, r) => (o + twinCpu[r]!) / 2));
    const cpuCost = mid(onCpu.map((o, r) => 1 - (offCpus[r]! + twinCpu[r]!) / 2 / o));
    const twinGap = mid(offCpus.map((o, r) => (2 * Math.abs(o - twinCpu[r]!)) / (o + twinCpu[r]!)));
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
      // Both runs keep every CPU busy, so the rate is CPUs / machine CPU per request: the API path
      // reaches 0.5 only if a request through it costs the machine at most twice a static one.
      note("  for 0.5, machine CPU µs/req at most", (2 * fixed.machineCpuUs).toFixed(1)),
      note("  api via nginx costs", on!.machineCpuUs.toFixed(1)),
      note("  api alone, no proxy, costs", direct!.machineCpuUs.toFixed(1)),
      {
        label: "metrics cost, api CPU per request",
        value: percent(cpuCost),
        goal: "< 10 %",
        met: cpuCost < 0.1,
      },
      note("  noise floor: A/A twins differ by", percent(twinGap)),
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
      note("  floor: nginx static at that load", `${floor.p99Ms.toFixed(2)} ms`),
    ];
    const header = [
      `API benchmark: wrk -t1 -c${CONNECTIONS}, ${SECONDS} s runs, ${ROUNDS} interleaved rounds, medians; paced row: ` +
        `${paced.connections} connections, each pausing a random ${paced.meanThinkMs!.toFixed(1)} ms on average ` +
        `(exponential: Poisson arrivals) before each request, 3 x ${paced.seconds} s`,
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
