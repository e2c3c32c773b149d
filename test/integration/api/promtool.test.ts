import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { versionWindow } from "../../../gate";
import { promtoolCheck } from "../../kit/metrics/promtool";
import { buildBundle, killAll, startApi } from "../../kit/api/api-process";
import { request } from "../../kit/api/http";

beforeAll(() => buildBundle());
afterEach(() => killAll());

describe("the API's /metrics by Prometheus's own linter", () => {
  it("finds problems in a page that breaks the naming guide, so a clean result means something", () => {
    const page = [
      "# HELP queue_items_total Items waiting.",
      "# TYPE queue_items_total gauge",
      "queue_items_total 3",
      "",
    ].join("\n");
    const { status, said } = promtoolCheck(page);
    expect(status).not.toBe(0);
    expect(said).toContain('non-counter metrics should not have "_total" suffix');
  });

  it("passes promtool check metrics on the real page of a canary with traffic, errors and chaos", async () => {
    const api = await startApi({ MODE: "canary", APP_VERSION: "1.1.0" });
    for (let i = 0; i < 20; i += 1) await request(api.port, "/");
    await request(api.port, "/healthz");
    await request(api.port, "/no/such/page");
    const chaos = await request(api.port, "/chaos", {
      method: "POST",
      body: { mode: "error", rate: 1 },
    });
    expect(chaos.status).toBe(200);
    for (let i = 0; i < 5; i += 1) await request(api.port, "/");

    const page = (await request(api.port, "/metrics")).body;
    expect(page).toContain('app_chaos_state{state="error"} 1');
    expect(page).toContain('http_request_duration_seconds_bucket{le="+Inf",method="GET",path="/"');
    expect(promtoolCheck(page)).toEqual({ status: 0, said: "" });
  });

  it("gives the promotion gate requests, 5xx and p99 from the histogram alone", async () => {
    const api = await startApi({ MODE: "canary" });
    const start = { text: (await request(api.port, "/metrics")).body, at: 0 };
    for (let i = 0; i < 30; i += 1) await request(api.port, "/");
    await request(api.port, "/chaos", { method: "POST", body: { mode: "error", rate: 1 } });
    for (let i = 0; i < 10; i += 1) await request(api.port, "/");
    const end = { text: (await request(api.port, "/metrics")).body, at: 10_000 };

    expect(end.text).not.toMatch(/_p99\b/);
    const window = versionWindow({ start, end });
    expect(window).toMatchObject({ requests: 40, errors: 10, p99_beyond_buckets: false });
    expect(window.p99_ms).toBeGreaterThan(0);
    expect(window.p99_ms).toBeLessThanOrEqual(5000);
  });
});
