import { Counter, Histogram, Registry } from "prom-client";

/** The API's histogram bounds (api/metrics/api-metrics.ts): 1 ms to 5 s. */
const API_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * A stand-in for one API instance's /metrics: the same metric names, labels and buckets, served by
 * the real prom-client, so the pages the tests parse are the pages the API serves.
 */
export class FakeApiMetrics {
  private readonly registry = new Registry();
  private readonly requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests answered.",
    labelNames: ["method", "path", "status_code"],
    registers: [this.registry],
  });
  private readonly durations = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time to answer HTTP requests.",
    labelNames: ["method", "path", "status_code"],
    buckets: API_BUCKETS,
    registers: [this.registry],
  });

  /** Records `count` requests answered with `status` in `seconds`. */
  serve(count: number, status: number, seconds: number, path = "/"): this {
    const labels = { method: "GET", path, status_code: String(status) };
    for (let i = 0; i < count; i += 1) {
      this.requests.inc(labels);
      this.durations.observe(labels, seconds);
    }
    return this;
  }

  /** The /metrics page as prom-client renders it, stamped with `at` (ms). */
  async scrape(at: number): Promise<{ text: string; at: number }> {
    return { text: await this.registry.metrics(), at };
  }
}
