import { describe, expect, it } from "vitest";
import { DURATION_BUCKETS } from "../../../../api/metrics/api-metrics";
import { postChaos, withApp } from "../kit/app-kit";
import type { TestApp } from "../kit/app-kit";
import { find, parseExposition, valueOf } from "../kit/prometheus-text";

async function scrape({ app }: TestApp) {
  const res = await app.inject({ url: "/metrics" });
  expect(res.statusCode).toBe(200);
  expect(res.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parseExposition(res.body);
}

describe("GET /metrics", () => {
  it("declares every metric of the API with its type", async () => {
    await withApp({}, async (t) => {
      await t.app.inject({ url: "/" });
      const { types } = await scrape(t);
      expect(
        Object.fromEntries([...types].filter(([name]) => !/^(process|nodejs)_/.test(name))),
      ).toEqual({
        http_requests_total: "counter",
        http_request_duration_seconds: "histogram",
        http_request_duration_seconds_p99: "gauge",
        app_uptime_seconds: "gauge",
        app_mode: "gauge",
        chaos_active: "gauge",
        app_info: "gauge",
      });
    });
  });

  it("includes the default process metrics", async () => {
    await withApp({}, async (t) => {
      const { types } = await scrape(t);
      expect(types.get("process_cpu_user_seconds_total")).toBe("counter");
      expect(types.get("process_resident_memory_bytes")).toBe("gauge");
      expect(types.get("nodejs_eventloop_lag_seconds")).toBe("gauge");
    });
  });

  it("counts requests by method, route pattern and status code", async () => {
    await withApp({}, async (t) => {
      for (let i = 0; i < 3; i += 1) await t.app.inject({ url: "/" });
      await t.app.inject({ url: "/healthz" });
      await t.app.inject({ url: "/no/such/page?id=1" });
      await t.app.inject({ url: "/another-missing-page" });
      await postChaos(t.app, { mode: "error", rate: 7 });
      const metrics = await scrape(t);
      const counts = find(metrics, "http_requests_total").map((s) => ({
        ...s.labels,
        value: s.value,
      }));
      expect(counts).toEqual(
        expect.arrayContaining([
          { method: "GET", path: "/", status_code: "200", value: 3 },
          { method: "GET", path: "/healthz", status_code: "200", value: 1 },
          { method: "GET", path: "unmatched", status_code: "404", value: 2 },
          { method: "POST", path: "/chaos", status_code: "400", value: 1 },
        ]),
      );
      expect(counts).toHaveLength(4);
    });
  });

  it("counts injected errors as 500s of the route they hit", async () => {
    await withApp({}, async (t) => {
      await postChaos(t.app, { mode: "error", rate: 1 });
      await t.app.inject({ url: "/" });
      await t.app.inject({ url: "/" });
      const metrics = await scrape(t);
      expect(valueOf(metrics, "http_requests_total", { path: "/", status_code: "500" })).toBe(2);
      expect(valueOf(metrics, "chaos_active")).toBe(2);
    });
  });

  it("buckets durations from 1 ms to 5 s in a histogram per label set", async () => {
    await withApp({}, async (t) => {
      await t.app.inject({ url: "/" });
      await t.app.inject({ url: "/" });
      const metrics = await scrape(t);
      const labels = { method: "GET", path: "/", status_code: "200" };
      const bounds = find(metrics, "http_request_duration_seconds_bucket", labels).map((s) =>
        s.labels.le === "+Inf" ? Infinity : Number(s.labels.le),
      );
      expect(bounds).toEqual([...DURATION_BUCKETS, Infinity]);
      expect(DURATION_BUCKETS[0]).toBe(0.001);
      expect(DURATION_BUCKETS.at(-1)).toBe(5);
      expect(
        valueOf(metrics, "http_request_duration_seconds_bucket", { ...labels, le: "+Inf" }),
      ).toBe(2);
      expect(valueOf(metrics, "http_request_duration_seconds_count", labels)).toBe(2);
    });
  });

  it.each([
    ["stable", 0],
    ["canary", 1],
  ] as const)("reports app_mode %s as %i, and the instance in app_info", async (mode, value) => {
    await withApp({ config: { mode } }, async (t) => {
      const metrics = await scrape(t);
      expect(valueOf(metrics, "app_mode")).toBe(value);
      expect(valueOf(metrics, "app_info", { service: "test-api", version: "1.2.3", mode })).toBe(1);
    });
  });

  it("reports chaos_active 0 none, 1 slow, 2 error", async () => {
    await withApp({}, async (t) => {
      const seen = [valueOf(await scrape(t), "chaos_active")];
      await postChaos(t.app, { mode: "slow", duration: 1 });
      seen.push(valueOf(await scrape(t), "chaos_active"));
      await postChaos(t.app, { mode: "error", rate: 0.5 });
      seen.push(valueOf(await scrape(t), "chaos_active"));
      await postChaos(t.app, { mode: "recover" });
      seen.push(valueOf(await scrape(t), "chaos_active"));
      expect(seen).toEqual([0, 1, 2, 0]);
    });
  });

  it("reports uptime by the injected clock", async () => {
    await withApp({}, async (t) => {
      t.clock.advance(90_250);
      expect(valueOf(await scrape(t), "app_uptime_seconds")).toBe(90.25);
    });
  });

  it("reports p99 as NaN until application traffic arrives, ignoring operational routes", async () => {
    await withApp({}, async (t) => {
      await t.app.inject({ url: "/healthz" });
      await scrape(t);
      expect(valueOf(await scrape(t), "http_request_duration_seconds_p99")).toBeNaN();
    });
  });

  it("reports the p99 of application requests over the last 60 s only", async () => {
    await withApp({}, async (t) => {
      await t.app.inject({ url: "/" });
      const p99 = valueOf(await scrape(t), "http_request_duration_seconds_p99");
      expect(p99).toBeGreaterThan(0);
      expect(p99).toBeLessThan(1);
      t.clock.advance(61_000);
      expect(valueOf(await scrape(t), "http_request_duration_seconds_p99")).toBeNaN();
    });
  });

  it("is absent, with its hooks, when metrics are off", async () => {
    await withApp({ config: { metrics: false } }, async ({ app, registry }) => {
      await app.inject({ url: "/" });
      expect((await app.inject({ url: "/metrics" })).statusCode).toBe(404);
      expect(await registry.getMetricsAsJSON()).toEqual([]);
    });
  });
});
