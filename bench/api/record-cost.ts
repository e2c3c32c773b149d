import { Registry } from "prom-client";
import { ChaosController } from "../../api/chaos/chaos-controller";
import { registerApiMetrics } from "../../api/metrics/api-metrics";
import { mathRandom, systemClock } from "../../core";

/**
 * Nanoseconds the metrics recorder spends per request, timed in-process over many calls (fastest
 * of several rounds: interference from other processes only ever adds time). This is the part of
 * the metrics cost that does not drown in a busy machine's noise; the hook dispatch around it is
 * fastify's and is in the end-to-end figures.
 */
export function recordCostNs(calls = 1_000_000, rounds = 5): number {
  const recorder = registerApiMetrics({
    registry: new Registry(),
    clock: systemClock,
    mode: "stable",
    serviceName: "bench",
    version: "bench",
    chaos: new ChaosController(mathRandom),
    startedAt: systemClock.now(),
  });
  const statuses = [200, 200, 200, 404];
  let best = Infinity;
  for (let round = 0; round < rounds; round += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i += 1) {
      recorder.record("GET", "/", statuses[i & 3]!, 0.0004 + (i % 13) * 0.0003);
    }
    best = Math.min(best, Number(process.hrtime.bigint() - start) / calls);
  }
  return best;
}
