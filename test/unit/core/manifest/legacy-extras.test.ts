import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  LEGACY_EXTRAS,
  ManifestFormat,
  formatWarning,
  parseManifestWithWarnings,
  valueAtPath,
} from "../../../../core/manifest";
import { problemsOf } from "../../../kit/manifest";

/** A value a peer's manifest could hold, by the field's last path segment. */
const SAMPLES: Readonly<Record<string, unknown>> = {
  container_name: "swiftdeploy-x",
  replicas: 3,
  contact: "ops@example.com",
  error_handling: { format: "json" },
  headers: { "X-Deployed-By": "swiftdeploy" },
  volumes: { logs: "swiftdeploy-logs" },
  opa_url: "http://localhost:8181",
  image: "openpolicyagent/opa:latest",
  port: 8181,
  policy_network: "swiftdeploy-policy-net",
  policies_dir: "./policies",
  min_disk_free_gb: 7,
  max_cpu_load: 1.5,
  max_mem_used_pct: 0.9,
  disk_path: "/",
  max_error_rate: 0.03,
  max_error_rate_percent: 3,
  max_p99_latency_ms: 750,
  window_seconds: 20,
  min_sample_requests: 15,
  history_path: "history.jsonl",
  report_path: "report.md",
  health_check_path: "/healthz",
  health_check_timeout: 45,
  restart_policy: "always",
  strategy: "stable",
};

/** The v1 value each read field must end up with (percent becomes a share). */
const V1_VALUES: Readonly<Record<string, unknown>> = {
  min_disk_free_gb: 7,
  max_error_rate: 0.03,
  max_error_rate_percent: 0.03,
  max_p99_latency_ms: 750,
  window_seconds: 20,
  min_sample_requests: 15,
  restart_policy: "always",
};

const BASE = { services: { image: "swift-deploy-1-node:latest", version: "1.0.0" } };

/** BASE plus one field at a dotted path, as YAML text. */
function withField(dotted: string, value: unknown): string {
  const root = structuredClone(BASE) as Record<string, unknown>;
  const segments = dotted.split(".");
  const leaf = segments.pop() ?? "";
  let node = root;
  for (const segment of segments) {
    node[segment] ??= {};
    node = node[segment] as Record<string, unknown>;
  }
  node[leaf] = value;
  return stringify(root);
}

/** 1-based line and column of a dotted path's key in block YAML written with 2-space indents. */
function keyPosition(text: string, dotted: string): string {
  const lines = text.split("\n");
  let from = 0;
  for (const [depth, segment] of dotted.split(".").entries()) {
    const prefix = `${"  ".repeat(depth)}${segment}:`;
    from = lines.findIndex((line, index) => index >= from && line.startsWith(prefix));
  }
  return `${from + 1}:${2 * (dotted.split(".").length - 1) + 1}`;
}

const base = parseManifestWithWarnings(stringify(BASE), "manifest.yaml").manifest;
const lastSegment = (dotted: string) => dotted.split(".").at(-1) ?? "";

describe("extra fields of the original tool's manifests", () => {
  it("has a sample for every accepted field (add one with each new field)", () => {
    const missing = LEGACY_EXTRAS.map((e) => lastSegment(e.path)).filter((n) => !(n in SAMPLES));
    expect(missing).toEqual([]);
  });

  describe.each(LEGACY_EXTRAS.map((extra) => [extra.path, extra] as const))(
    "%s",
    (dotted, extra) => {
      const text = withField(dotted, SAMPLES[lastSegment(dotted)]);
      const parsed = parseManifestWithWarnings(text, "manifest.yaml");

      it("is accepted with one warning at its key, saying what it became", () => {
        expect(parsed.format).toBe(ManifestFormat.Legacy);
        const [warning, ...more] = parsed.warnings.map(formatWarning);
        expect(more).toEqual([]);
        const becomes =
          extra.becomes === undefined
            ? `ignored: ${extra.note}`
            : `read as ${extra.becomes}: ${JSON.stringify(V1_VALUES[lastSegment(dotted)])} (${extra.note})`;
        expect(warning).toBe(`manifest.yaml:${keyPosition(text, dotted)} ${dotted}: ${becomes}`);
      });

      if (extra.becomes === undefined) {
        it("changes nothing in the typed config", () => {
          expect(parsed.manifest).toEqual(base);
        });
      } else {
        it(`sets ${extra.becomes}`, () => {
          expect(valueAtPath(parsed.manifest, extra.becomes ?? "")).toBe(
            V1_VALUES[lastSegment(dotted)],
          );
        });
      }
    },
  );

  it("reads the original's thresholds into OPA's gates and leaves the rest at their defaults", () => {
    const text = `services: { image: app:1, version: "1.0.0" }
policies:
  infrastructure: { min_disk_free_gb: 10, max_cpu_load: 2.0 }
  canary_safety: { max_error_rate: 0.01, max_p99_latency_ms: 500, window_seconds: 30, min_sample_requests: 5 }
`;
    const { policy } = parseManifestWithWarnings(text, "m.yaml").manifest;
    expect(policy.deploy).toEqual({ minDiskFreeGb: 10, maxLoadPerCpu: 2, minMemoryFreeMb: 256 });
    expect(policy.promotion).toMatchObject({
      maxErrorRate: 0.01,
      maxP99Ms: 500,
      windowSeconds: 30,
      minRequests: 5,
    });
  });
});

describe("keys the original tool did not have", () => {
  it.each([
    [
      'opa: { image: "openpolicyagent/opa:latest", imgae: x }',
      'manifest.yaml:3:45 opa.imgae: expected one of the fields image, port, container_name, policy_network, policies_dir, found an unknown field "imgae"',
    ],
    [
      "policies: { canary_safety: { max_latency: 500 } }",
      'manifest.yaml:3:30 policies.canary_safety.max_latency: expected one of the fields max_error_rate, max_error_rate_percent, max_p99_latency_ms, window_seconds, min_sample_requests, found an unknown field "max_latency"',
    ],
    [
      "policy: { thresholds: { max_cpu: 2 } }",
      'manifest.yaml:3:25 policy.thresholds.max_cpu: expected one of the fields min_disk_free_gb, max_cpu_load, max_mem_used_pct, disk_path, max_error_rate, max_error_rate_percent, max_p99_latency_ms, window_seconds, min_sample_requests, found an unknown field "max_cpu"',
    ],
    [
      "audit: { log_path: audit.log }",
      'manifest.yaml:3:10 audit.log_path: expected one of the fields history_path, report_path, found an unknown field "log_path"',
    ],
    [
      "deployment: { rollout: blue-green }",
      'manifest.yaml:3:15 deployment.rollout: expected one of the fields health_check_path, health_check_timeout, restart_policy, strategy, found an unknown field "rollout"',
    ],
    [
      "healthcheck: { path: /healthz }",
      'manifest.yaml:3:1 healthcheck: expected one of the fields services, nginx, network, volumes, opa_url, opa, policy, policies, audit, deployment, found an unknown field "healthcheck"',
    ],
  ])("are still errors: %s", (extra, problem) => {
    expect(problemsOf(`services:\n  { image: app:1, version: "1.0.0" }\n${extra}\n`)).toEqual([
      problem,
    ]);
  });

  it("are still errors beside the known ones in services, with the allowed fields listed", () => {
    const text =
      'services: { image: app:1, version: "1", container_name: api, container_nme: api }\n';
    expect(problemsOf(text)).toEqual([
      'manifest.yaml:1:62 services.container_nme: expected one of the fields image, port, mode, version, restart, restart_policy, container_name, replicas, found an unknown field "container_nme"',
    ]);
  });

  it("stay errors in the v1 form, which has none of the legacy extras", () => {
    const text =
      'apiVersion: swiftdeploy/v1\nservice: { name: api }\nrelease: { stable: { version: "1" } }\nvolumes: { logs: x }\n';
    expect(problemsOf(text)).toEqual([
      'manifest.yaml:4:1 volumes: expected one of the fields apiVersion, service, release, proxy, images, policy, detector, host, network, alerts, found an unknown field "volumes"',
    ]);
  });
});

describe("an OPA address in a legacy manifest", () => {
  const SECRET =
    "expected no secrets in the manifest (store them with `pulumi config set --secret <key> <value>` and name the key here; docs/manifest.md#secrets), found a URL (value hidden)";

  it.each(["http://localhost:8181", "http://opa:8181/", "https://10.0.0.5", "http://[::1]:8181"])(
    "is accepted when bare (%s): it names no credential and is never echoed",
    (url) => {
      const { warnings } = parseManifestWithWarnings(withField("policy.opa_url", url), "m.yaml");
      expect(warnings.map((w) => w.path)).toEqual(["policy.opa_url"]);
    },
  );

  it.each([
    ["opa_url", "http://admin:hunter2@opa:8181"],
    ["policies.opa_url", "http://opa:8181/v1/data?token=abc"],
    ["policy.opa_url", "ftp://opa:21"],
  ])("is refused as a secret with credentials, a path or another scheme (%s)", (dotted, url) => {
    const problems = problemsOf(withField(dotted, url));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${dotted}: ${SECRET}`);
  });

  it("does not open the secret scan to URLs in other fields", () => {
    expect(problemsOf(withField("nginx.contact", "https://hooks.example.org/T0/B0"))).toEqual([
      `manifest.yaml:5:12 nginx.contact: ${SECRET}`,
    ]);
  });
});
