import { describe, expect, it } from "vitest";
import { createFetchOpaClient } from "../../../gate/fetch-opa-client";
import { OpaDecisionPath, OpaFailure } from "../../../gate/opa-client";

const BASE = "http://127.0.0.1:8181";

interface Sent {
  url: string;
  body: unknown;
}

/** A fetch that answers with `status` and `body`, recording what was sent. */
function answering(status: number, body: unknown, sent: Sent[] = []): typeof fetch {
  return async (url, init) => {
    sent.push({ url: String(url), body: JSON.parse(String(init?.body)) });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
  };
}

const denied = {
  result: {
    allow: false,
    reasons: ["Error rate 80.00% exceeds maximum 1.00% (800 of 1000 requests failed)"],
    verdict: "reject",
  },
};

describe("createFetchOpaClient", () => {
  it("posts the input to OPA's Data API at the decision's path and logs the request", async () => {
    const sent: Sent[] = [];
    const log: string[] = [];
    const client = createFetchOpaClient({
      baseUrl: `${BASE}/`,
      fetch: answering(200, denied, sent),
      log: (line) => log.push(line),
    });
    await client.queryDecision(OpaDecisionPath.Canary, { canary: { requests: 1 } });
    expect(sent).toEqual([
      {
        url: `${BASE}/v1/data/swiftdeploy/canary/decision`,
        body: { input: { canary: { requests: 1 } } },
      },
    ]);
    expect(log).toEqual([`POST ${BASE}/v1/data/swiftdeploy/canary/decision`]);
  });

  it("surfaces OPA's reasons and keeps the whole decision document", async () => {
    const client = createFetchOpaClient({ baseUrl: BASE, fetch: answering(200, denied) });
    const decision = await client.queryDecision(OpaDecisionPath.Canary, {});
    expect(decision).toEqual({
      allow: false,
      reasons: denied.result.reasons,
      document: denied.result,
    });
  });

  it("passes an allow through", async () => {
    const client = createFetchOpaClient({
      baseUrl: BASE,
      fetch: answering(200, { result: { allow: true, reasons: [] } }),
    });
    expect((await client.queryDecision(OpaDecisionPath.Infrastructure, {})).allow).toBe(true);
  });

  it("denies with a clear message when OPA is unreachable", async () => {
    const refused: typeof fetch = async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8181"), {
          code: "ECONNREFUSED",
        }),
      });
    };
    const decision = await createFetchOpaClient({ baseUrl: BASE, fetch: refused }).queryDecision(
      OpaDecisionPath.Infrastructure,
      {},
    );
    expect(decision).toEqual({
      allow: false,
      failure: OpaFailure.Unreachable,
      document: {},
      reasons: [
        `OPA at ${BASE} is unreachable (connect ECONNREFUSED 127.0.0.1:8181); denying by default. Start the OPA server or fix its address.`,
      ],
    });
  });

  it("denies when OPA does not answer in time", async () => {
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      );
    const decision = await createFetchOpaClient({
      baseUrl: BASE,
      fetch: hanging,
      timeoutMs: 20,
    }).queryDecision(OpaDecisionPath.Canary, {});
    expect(decision.failure).toBe(OpaFailure.Timeout);
    expect(decision.reasons).toEqual([
      `OPA at ${BASE} did not answer data.swiftdeploy.canary.decision within 20 ms; denying by default. Check that the OPA server is running and not overloaded.`,
    ]);
  });

  it("denies and quotes OPA when it answers with an HTTP error", async () => {
    const body = '{"code":"invalid_parameter","message":"body contains malformed input document"}';
    const decision = await createFetchOpaClient({
      baseUrl: BASE,
      fetch: answering(400, body),
    }).queryDecision(OpaDecisionPath.Canary, {});
    expect(decision.failure).toBe(OpaFailure.HttpError);
    expect(decision.reasons[0]).toBe(
      `OPA answered HTTP 400 for data.swiftdeploy.canary.decision; denying by default. OPA said: ${body}`,
    );
  });

  it("denies when the policy is not loaded (OPA answers without a result)", async () => {
    const decision = await createFetchOpaClient({
      baseUrl: BASE,
      fetch: answering(200, {}),
    }).queryDecision(OpaDecisionPath.Infrastructure, {});
    expect(decision.failure).toBe(OpaFailure.NoDecision);
    expect(decision.reasons[0]).toContain(
      "OPA has no decision at data.swiftdeploy.infrastructure.decision",
    );
  });

  it.each([
    ["allow is not a boolean", { result: { allow: "yes", reasons: [] } }],
    ["reasons are missing", { result: { allow: true } }],
    ["the result is a bare boolean", { result: true }],
  ])("denies a malformed decision where %s", async (_, body) => {
    const decision = await createFetchOpaClient({
      baseUrl: BASE,
      fetch: answering(200, body),
    }).queryDecision(OpaDecisionPath.Canary, {});
    expect(decision).toMatchObject({ allow: false, failure: OpaFailure.Malformed });
  });

  it("denies when the body is not JSON", async () => {
    const decision = await createFetchOpaClient({
      baseUrl: BASE,
      fetch: answering(200, "<html>"),
    }).queryDecision(OpaDecisionPath.Canary, {});
    expect(decision.failure).toBe(OpaFailure.NoDecision);
  });
});
