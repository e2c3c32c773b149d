import { describe, expect, it } from "vitest";
import { DURATION_BUCKETS } from "../../../../api/metrics/api-metrics";
import { postChaos, withApp } from "../../../kit/api/app-kit";
import type { TestApp } from "../../../kit/api/app-kit";
import { find, parseExposition, valueOf } from "../../../kit/metrics/prometheus-text";

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
        app_uptime_seconds: "gauge",
        app_chaos_state: "gauge",
        app_info: "gauge",
      });
    });
  });

  it("follows the naming guide: no quantile gauge beside the histogram, no gauge named _total", async () => {
    await withApp({}, async (t) => {
      await t.app.inject({ url: "/" });
      const { types } = await scrape(t);
      const names = [...types.keys()];
      expect(names.filter((name) => /_p\d+$|_(percentile|quantile)/.test(name))).toEqual([]);
      expect(names.filter((n) => types.get(n) !== "counter" && n.endsWith("_total"))).toEqual([]);
      expect(types.get("nodejs_active_handles")).toBe("gauge");
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
      expect(valueOf(metrics, "app_chaos_state", { state: "error" })).toBe(1);
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

  it.each(["stable", "canary"] as const)(
    "reports the mode %s as a label of app_info, the instance's only series",
    async (mode) => {
      await withApp({ config: { mode } }, async (t) => {
        const metrics = await scrape(t);
        expect(find(metrics, "app_info")).toEqual([
          { name: "app_info", labels: { service: "test-api", version: "1.2.3", mode }, value: 1 },
        ]);
      });
    },
  );

  it("reports the chaos in force as app_chaos_state{state}: 1 for the current state, 0 for the others", async () => {
    await withApp({}, async (t) => {
      const states = async () =>
        Object.fromEntries(
          find(await scrape(t), "app_chaos_state").map((s) => [s.labels.state, s.value]),
        );
      const seen = [await states()];
      await postChaos(t.app, { mode: "slow", duration: 1 });
      seen.push(await states());
      await postChaos(t.app, { mode: "error", rate: 0.5 });
      seen.push(await states());
      await postChaos(t.app, { mode: "recover" });
      seen.push(await states());
      expect(seen).toEqual([
        { none: 1, slow: 0, error: 0 },
        { none: 0, slow: 1, error: 0 },
        { none: 0, slow: 0, error: 1 },
        { none: 1, slow: 0, error: 0 },
      ]);
    });
  });

  it("reports uptime by the injected clock", async () => {
    await withApp({}, async (t) => {
      t.clock.advance(90_250);
      expect(valueOf(await scrape(t), "app_uptime_seconds")).toBe(90.25);
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
