import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ManifestFormat, parseManifestWithWarnings, warningLines } from "../../../../core/manifest";
import { MANIFEST_FIXTURES } from "../../../kit/manifest";

const peer = (name: string) =>
  parseManifestWithWarnings(
    readFileSync(path.join(MANIFEST_FIXTURES, "peers", name), "utf8"),
    "manifest.yaml",
  );

const OPA_URL =
  "ignored: OPA is never published: it runs on the stack's private network and swiftdeploy reaches it through SSH, so there is no address to set";
const CONTAINER_NAME =
  "ignored: containers are named after service.name (<name>-proxy, <name>-opa, <name>-stable-<version>, <name>-canary-<version>)";
const CPU_LOAD =
  "ignored: it capped the whole host's load average; SwiftDeploy caps the load per CPU: policy.deploy.maxLoadPerCpu (default 2)";
const OPA_IMAGE =
  "ignored: SwiftDeploy's policies need OPA 1.22 and wget for the health check: images.opa in the v1 form";
const OPA_PORT =
  "ignored: OPA listens on 8181 on the private network, never published; swiftdeploy reaches it through SSH";

describe("real manifests of the original SwiftDeploy (test/fixtures/manifests/peers)", () => {
  it("10Johnny: an OPA address and flat thresholds, read into the deploy and promotion gates", () => {
    const { manifest, format, warnings } = peer("10Johnny__swiftdeploy-stage4a.yaml");
    expect(format).toBe(ManifestFormat.Legacy);
    expect(manifest.service.name).toBe("johnny-swiftdeploy-stage4b");
    expect(manifest.service.restart).toBe("unless-stopped");
    expect(manifest.release).toEqual({ stable: { version: "1.0.0" } });
    expect(manifest.policy.deploy.minDiskFreeGb).toBe(10);
    expect(manifest.policy.deploy.maxLoadPerCpu).toBe(2);
    expect(manifest.policy.promotion).toMatchObject({ maxErrorRate: 0.01, maxP99Ms: 500 });
    expect(warningLines(warnings)).toEqual([
      "manifest.yaml is in the original SwiftDeploy's form: 5 fields read differently or ignored (docs/manifest.md#the-legacy-form)",
      `manifest.yaml:15:3 policy.opa_url: ${OPA_URL}`,
      "manifest.yaml:17:5 policy.thresholds.min_disk_free_gb: read as policy.deploy.minDiskFreeGb: 10 (measured on the disk of Docker's data directory)",
      `manifest.yaml:18:5 policy.thresholds.max_cpu_load: ${CPU_LOAD}`,
      "manifest.yaml:19:5 policy.thresholds.max_error_rate_percent: read as policy.promotion.maxErrorRate: 0.01 (a share of 5xx answers: 1 % is 0.01)",
      "manifest.yaml:20:5 policy.thresholds.max_p99_latency_ms: read as policy.promotion.maxP99Ms: 500 (the canary's p99 over the window)",
    ]);
  });

  it("GideonIsBuilding: an opa block, ignored; mode canary runs the version as a canary taking all traffic", () => {
    const { manifest, warnings } = peer("GideonIsBuilding__swiftdeploy.yaml");
    expect(manifest.release).toEqual({
      stable: { version: "1.0.0" },
      canary: { version: "1.0.0", weight: 100 },
    });
    expect(manifest.images.opa).toBe("openpolicyagent/opa:1.22.2-debug");
    expect(warningLines(warnings).slice(1)).toEqual([
      `manifest.yaml:14:5 opa.image: ${OPA_IMAGE}`,
      `manifest.yaml:15:5 opa.port: ${OPA_PORT}`,
      "manifest.yaml:16:5 opa.policies_dir: ignored: SwiftDeploy brings its own policies (policies/opa); their thresholds are policy.deploy and policy.promotion",
    ]);
  });

  it("Nsix6: a deployment block and nginx headers/error handling; its restart policy is kept", () => {
    const { manifest, warnings } = peer("Nsix6__swiftdeploy.yml");
    expect(manifest.service.restart).toBe("unless-stopped");
    expect(manifest.proxy.timeouts.readSeconds).toBe(5);
    expect(manifest.proxy.securityHeaders).toBe(true);
    expect(warningLines(warnings).slice(1)).toEqual([
      "manifest.yaml:2:3 deployment.health_check_path: ignored: the API container's health check is GET /healthz; deploy waits for the public URL to answer 200",
      "manifest.yaml:3:3 deployment.health_check_timeout: ignored: use swiftdeploy deploy --timeout SECONDS (default 120)",
      'manifest.yaml:4:3 deployment.restart_policy: read as service.restart: "unless-stopped" (the same as services.restart)',
      "manifest.yaml:5:3 deployment.strategy: ignored: it repeats services.mode, which decides",
      "manifest.yaml:10:3 nginx.error_handling: ignored: SwiftDeploy's Nginx keeps its own error answers (JSON 404 on the private paths)",
      "manifest.yaml:12:3 nginx.headers: ignored: Nginx adds only its security headers (proxy.securityHeaders in the v1 form); the API sets X-Mode",
    ]);
  });

  it("Samjean50: a volumes block, ignored", () => {
    const { manifest, warnings } = peer("Samjean50__hng14-stage4-swiftdeploy.yaml");
    expect(manifest.service).toMatchObject({
      name: "swift-deploy-1-node",
      restart: "unless-stopped",
    });
    expect(warningLines(warnings).slice(1)).toEqual([
      "manifest.yaml:21:1 volumes: ignored: the stack declares no volumes: Nginx's access log is a file on the host, read by the detector, and the API keeps no state",
    ]);
  });

  it("ukemeikot: container names, a contact, opa, per-gate policies and audit paths", () => {
    const { manifest, warnings } = peer("ukemeikot__swiftdeploy.yaml");
    expect(manifest.images.nginx).toBe("swiftdeploy-nginx:latest");
    expect(manifest.policy.deploy).toEqual({
      minDiskFreeGb: 10,
      maxLoadPerCpu: 2,
      minMemoryFreeMb: 256,
    });
    expect(manifest.policy.promotion).toMatchObject({
      maxErrorRate: 0.01,
      maxP99Ms: 500,
      windowSeconds: 30,
      minRequests: 5,
    });
    expect(warningLines(warnings).slice(1)).toEqual([
      `manifest.yaml:7:3 services.container_name: ${CONTAINER_NAME}`,
      "manifest.yaml:12:3 nginx.contact: ignored: SwiftDeploy's Nginx puts no contact address in its error answers",
      `manifest.yaml:13:3 nginx.container_name: ${CONTAINER_NAME}`,
      `manifest.yaml:18:3 opa.image: ${OPA_IMAGE}`,
      `manifest.yaml:19:3 opa.port: ${OPA_PORT}`,
      `manifest.yaml:20:3 opa.container_name: ${CONTAINER_NAME}`,
      "manifest.yaml:21:3 opa.policy_network: ignored: OPA shares the stack's private network (network.name) and publishes no port",
      "manifest.yaml:24:5 policies.infrastructure.min_disk_free_gb: read as policy.deploy.minDiskFreeGb: 10 (measured on the disk of Docker's data directory)",
      `manifest.yaml:25:5 policies.infrastructure.max_cpu_load: ${CPU_LOAD}`,
      "manifest.yaml:26:5 policies.infrastructure.max_mem_used_pct: ignored: SwiftDeploy asks for free memory instead: policy.deploy.minMemoryFreeMb (default 256)",
      "manifest.yaml:27:5 policies.infrastructure.disk_path: ignored: the deploy gate measures the disk of Docker's data directory, wherever it is",
      "manifest.yaml:29:5 policies.canary_safety.max_error_rate: read as policy.promotion.maxErrorRate: 0.01 (the canary's share of 5xx answers)",
      "manifest.yaml:30:5 policies.canary_safety.max_p99_latency_ms: read as policy.promotion.maxP99Ms: 500 (the canary's p99 over the window)",
      "manifest.yaml:31:5 policies.canary_safety.window_seconds: read as policy.promotion.windowSeconds: 30 (the sliding window swiftdeploy promote measures)",
      "manifest.yaml:32:5 policies.canary_safety.min_sample_requests: read as policy.promotion.minRequests: 5 (fewer requests in the window mean do not promote)",
      "manifest.yaml:34:3 audit.history_path: ignored: swiftdeploy records every step in history.jsonl in the project folder",
      "manifest.yaml:35:3 audit.report_path: ignored: choose the report's file with swiftdeploy audit --out FILE (default audit_report.md)",
    ]);
  });

  it("docs/manifest.md shows 10Johnny's warnings as they are printed", () => {
    const docs = readFileSync(path.resolve(__dirname, "../../../../docs/manifest.md"), "utf8");
    const lines = warningLines(peer("10Johnny__swiftdeploy-stage4a.yaml").warnings);
    const sample = [lines[0], ...lines.slice(1).map((line) => `  ${line}`)].join("\n");
    expect(docs).toContain(`\`\`\`\n${sample}\n\`\`\``);
  });
});
