import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetchOpaClient } from "../../gate/fetch-opa-client";
import { OpaDecisionPath, OpaFailure } from "../../gate/opa-client";
import { splitHostFactsOutput } from "../../gate/host-fact-commands";
import { parseHostFacts } from "../../gate/host-facts";
import { buildCanaryInput } from "../../gate/canary-input";
import { renderOpaData } from "../../components/render/opa-data";
import { PolicySchema } from "../../core/manifest";
import { FakeApiMetrics } from "../kit/metrics/fake-api-metrics";
import type { OpaServer } from "../kit/opa/opa-server";
import { startOpaServer } from "../kit/opa/opa-server";

const fixtures = path.resolve(__dirname, "../fixtures/policies");
// The data document as the stack renders it from a manifest's thresholds (disk raised to 10 GB).
const thresholds = renderOpaData(PolicySchema.parse({ deploy: { minDiskFreeGb: 10 } }));
const hostFacts = (name: string) =>
  parseHostFacts(
    splitHostFactsOutput(readFileSync(path.join(fixtures, "host-facts", name), "utf8")),
  );

describe("the real OPA server with the project's policies", () => {
  let opa: OpaServer;
  const log: string[] = [];

  beforeAll(async () => {
    opa = await startOpaServer(thresholds);
  });
  afterAll(async () => {
    await opa?.stop();
  });

  const client = () =>
    createFetchOpaClient({ baseUrl: opa.baseUrl, log: (line) => log.push(line) });

  it("allows a deploy onto a healthy host and echoes the thresholds it used", async () => {
    const decision = await client().queryDecision(
      OpaDecisionPath.Infrastructure,
      hostFacts("healthy-host.txt"),
    );
    expect(decision.reasons).toEqual([]);
    expect(decision.allow).toBe(true);
    expect(decision.document.thresholds).toEqual(thresholds.thresholds.deploy);
    expect(log).toContain(`POST ${opa.baseUrl}/v1/data/swiftdeploy/infrastructure/decision`);
  });

  it("denies a deploy onto a host made to look full, with the reason", async () => {
    const host = hostFacts("healthy-host.txt");
    const full = {
      ...host,
      disk: { path: "/var/lib/docker", free_bytes: 3.2 * 2 ** 30, total_bytes: 100 * 2 ** 30 },
    };
    const decision = await client().queryDecision(OpaDecisionPath.Infrastructure, full);
    expect(decision.allow).toBe(false);
    expect(decision.reasons).toEqual([
      "Disk free 3.2 GB on /var/lib/docker is below the minimum 10 GB",
    ]);
  });

  it("denies a broken host with one reason per unmeasured fact", async () => {
    const decision = await client().queryDecision(
      OpaDecisionPath.Infrastructure,
      hostFacts("broken-host.txt"),
    );
    expect(decision.allow).toBe(false);
    expect(decision.reasons).toHaveLength(3);
    expect(decision.reasons).toContain(
      'Disk free space on /var/lib/docker was not measured: `df` exited 1: "df: /srv/docker: No such file or directory"',
    );
  });

  it("refuses a canary failing 80 % of requests with the error rate in the reason", async () => {
    const api = new FakeApiMetrics();
    const start = await api.scrape(0);
    api.serve(800, 500, 0.01).serve(200, 200, 0.01);
    const input = buildCanaryInput({ canary: { start, end: await api.scrape(60_000) } });
    const decision = await client().queryDecision(OpaDecisionPath.Canary, input);
    expect(decision.allow).toBe(false);
    expect(decision.document.verdict).toBe("reject");
    expect(decision.reasons).toEqual([
      "Error rate 80.00% exceeds maximum 1.00% (800 of 1000 requests failed)",
    ]);
  });

  it("promotes a healthy canary", async () => {
    const api = new FakeApiMetrics();
    const start = await api.scrape(0);
    api.serve(1000, 200, 0.02);
    const input = buildCanaryInput({ canary: { start, end: await api.scrape(60_000) } });
    const decision = await client().queryDecision(OpaDecisionPath.Canary, input);
    expect(decision).toMatchObject({ allow: true, reasons: [] });
    expect(decision.document.verdict).toBe("promote");
  });

  it("holds a canary with too few requests", async () => {
    const api = new FakeApiMetrics();
    const start = await api.scrape(0);
    api.serve(12, 200, 0.02);
    const input = buildCanaryInput({ canary: { start, end: await api.scrape(60_000) } });
    const decision = await client().queryDecision(OpaDecisionPath.Canary, input);
    expect(decision.document).toMatchObject({
      allow: false,
      verdict: "hold",
      insufficient_data: true,
    });
    expect(decision.reasons[0]).toContain("Insufficient data: the canary served 12 requests");
  });

  it("denies with a clear message once OPA is gone", async () => {
    const baseUrl = opa.baseUrl;
    await opa.stop();
    const decision = await createFetchOpaClient({ baseUrl }).queryDecision(
      OpaDecisionPath.Canary,
      {},
    );
    expect(decision.failure).toBe(OpaFailure.Unreachable);
    expect(decision.reasons[0]).toMatch(
      new RegExp(`^OPA at ${baseUrl} is unreachable \\(.*ECONNREFUSED.*\\); denying by default`),
    );
  });
});
