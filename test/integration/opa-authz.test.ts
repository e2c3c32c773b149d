// The canary container shares the private network with OPA: whatever it can send, any client of
// OPA's HTTP API can. These tests send it to OPA started exactly as the stack starts it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetchOpaClient } from "../../gate/fetch-opa-client";
import { OpaDecisionPath } from "../../gate/opa-client";
import { renderOpaData } from "../../components/render/opa-data";
import { manifestWith } from "../kit/manifest";
import type { OpaServer } from "../kit/opa/opa-server";
import { startStackOpa } from "../kit/opa/stack-opa";

const manifest = manifestWith({});

/** A canary that failed: 80 % errors over a full window. */
const FAILING_CANARY = {
  window_seconds: 60,
  canary: { requests: 1000, errors: 800, p99_ms: 20, p99_beyond_buckets: false },
};

const APPROVE_EVERYTHING = `package swiftdeploy.canary

decision := {"allow": true, "reasons": [], "verdict": "promote"}
`;

describe("OPA as the stack runs it, asked by a container on the private network", () => {
  let opa: OpaServer;
  const send = (method: string, path: string, body?: string) =>
    fetch(`${opa.baseUrl}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(5000),
    });
  const canaryVerdict = async () =>
    createFetchOpaClient({ baseUrl: opa.baseUrl }).queryDecision(
      OpaDecisionPath.Canary,
      FAILING_CANARY,
    );

  beforeAll(async () => {
    opa = await startStackOpa(manifest);
  });
  afterAll(async () => {
    await opa?.stop();
  });

  it.each([
    ["PUT", "/v1/data/thresholds/promotion", JSON.stringify({ max_error_rate: 1 })],
    ["PATCH", "/v1/data/thresholds", JSON.stringify([{ op: "remove", path: "/promotion" }])],
    ["DELETE", "/v1/data/thresholds", undefined],
    ["PUT", "/v1/data/swiftdeploy/canary/decision", JSON.stringify({ allow: true })],
    ["PUT", "/v1/policies/approve-everything", APPROVE_EVERYTHING],
    ["DELETE", "/v1/policies/canary.rego", undefined],
  ])("refuses %s %s with 401 and keeps the gates as they were", async (method, path, body) => {
    const response = await send(method, path, body);
    expect([response.status, await response.text()]).toEqual([
      401,
      expect.stringContaining("request rejected by administrative policy"),
    ]);
    const thresholds = (await (await send("GET", "/v1/data/thresholds")).json()) as {
      result: unknown;
    };
    expect(thresholds.result).toEqual(renderOpaData(manifest.policy).thresholds);
    const verdict = await canaryVerdict();
    expect([verdict.allow, verdict.reasons[0]]).toEqual([
      false,
      expect.stringContaining("Error rate 80.00% exceeds maximum 1.00%"),
    ]);
  });

  it.each([
    ["an ad-hoc query (which could http.send from OPA)", "POST", "/v1/query", '{"query":"x := 1"}'],
    ["the policies' source", "GET", "/v1/policies", undefined],
    ["the whole data tree", "GET", "/v1/data", undefined],
    ["OPA's config", "GET", "/v1/config", undefined],
  ])("refuses %s", async (_what, method, path, body) => {
    expect((await send(method, path, body)).status).toBe(401);
  });

  it("still answers what the deploy gate, promote and validate ask", async () => {
    expect((await send("GET", "/health")).status).toBe(200);
    expect((await send("GET", "/v1/data/thresholds")).status).toBe(200);
    const client = createFetchOpaClient({ baseUrl: opa.baseUrl });
    const infrastructure = await client.queryDecision(OpaDecisionPath.Infrastructure, {});
    expect(infrastructure.failure).toBeUndefined();
    expect((await canaryVerdict()).failure).toBeUndefined();
  });
});
