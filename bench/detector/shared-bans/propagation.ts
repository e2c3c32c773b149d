// Time from one node's ban decision to every other node's backend holding it, through the shared
// ban list: the publisher's PUT, the watch, the merge and the enforcement queue, with 3 dry-run
// daemons and a fake Kubernetes API on loopback (the real API server and the kernel are measured
// by test/e2e/kubernetes-shared-bans.test.ts). Goal: under 2 s (issue 21).
// `ts-node --transpile-only bench/detector/shared-bans/propagation.ts [RUNS]`
import { performance } from "node:perf_hooks";
import { FakeKubeApi } from "../../../test/kit/detector/fake-kube-api";
import { daemonRun, type DaemonRun } from "../../../test/kit/detector/daemon";
import { steady, traffic } from "../../../test/kit/detector/lines";
import { spread, verdict } from "../goal-verdict";

const RUNS = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 20);
const GOAL_MS = 2000;

async function holds(run: DaemonRun, ip: string): Promise<boolean> {
  return (await run.daemon.enforcement.enforcers[0]!.list()).some((b) => b.key === ip);
}

async function main(): Promise<void> {
  const fake = new FakeKubeApi();
  const url = await fake.listen();
  const nodes = ["edge-a", "edge-b", "edge-c"].map((node) =>
    daemonRun({ sharedBans: { kind: "kubernetes-configmap" } }, [], {
      sharedBans: { target: { url }, namespace: fake.namespace, node },
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    }),
  );
  for (const n of nodes) await n.daemon.start();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const ip = `203.0.113.${i + 1}`;
    const origin = nodes[i % nodes.length]!;
    const others = nodes.filter((n) => n !== origin);
    origin.append(traffic(steady(ip, 10, 30, 100)));
    const t0 = performance.now();
    origin.daemon.loop.step();
    for (;;) {
      const all = await Promise.all(others.map((n) => holds(n, ip)));
      if (all.every(Boolean)) break;
      if (performance.now() - t0 > 10_000) throw new Error(`${ip} not held everywhere in 10 s`);
      await new Promise((r) => setTimeout(r, 1));
    }
    samples.push(performance.now() - t0);
  }
  for (const n of nodes) await n.stop();
  await fake.close();
  samples.sort((a, b) => a - b);
  const p50 = samples[Math.floor(samples.length / 2)]!;
  const p99 = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))]!;
  const line = verdict({ value: p99, target: GOAL_MS, better: "lower", noise: spread([p50, p99]) });
  console.log(
    `shared ban propagation (3 nodes, loopback API, ${RUNS} bans): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, goal < ${GOAL_MS} ms: ${line}`,
  );
}

void main();
