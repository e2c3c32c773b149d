import { z } from "zod";
import { decimal, oneOf, port, positiveDecimal, text, wholeNumber } from "./fields";
import { imageRef } from "./image-ref";
import { RestartPolicy } from "./service-schema";
import { DeployThresholdsSchema, PromotionThresholdsSchema } from "./thresholds-schema";
import { TRACKS } from "../track";

/**
 * A field that manifests of the original SwiftDeploy carry beyond services/nginx/network. It is
 * accepted in the legacy form, always with a warning: read as the v1 field `becomes`, or ignored.
 */
export interface LegacyExtra {
  /** Where the original tool's users write it ("policies.canary_safety.max_error_rate"). */
  readonly path: string;
  /** The values accepted; checked even when the field is ignored, so a typo is still reported. */
  readonly value: z.ZodType;
  /** The v1 field it is read as; unset when it is ignored. */
  readonly becomes?: string;
  /** The v1 value from the legacy one (default: the same value). */
  readonly convert?: (value: number) => number;
  /** Ignored: what the original did and what takes its place. Read: what to know about the value. */
  readonly note: string;
}

const DEPLOY = DeployThresholdsSchema.shape;
const PROMOTION = PromotionThresholdsSchema.shape;
const anyText = () => z.string({ error: "a string" });
const anyMapping = () => z.record(z.string(), z.unknown(), { error: "a mapping" });

/** Where peers' manifests put an OPA address; the value is ignored (see `legacySecretAllowed`). */
const OPA_URL_NOTE =
  "OPA is never published: it runs on the stack's private network and swiftdeploy reaches it through SSH, so there is no address to set";

const CONTAINER_NAME_NOTE =
  "containers are named after service.name (<name>-proxy, <name>-opa, <name>-stable-<version>, <name>-canary-<version>)";

type Gate = "infrastructure" | "canary_safety";

/** The OPA thresholds of the original tool: its infrastructure (deploy) and canary_safety gates. */
const THRESHOLDS: readonly (Omit<LegacyExtra, "path"> & { name: string; gate: Gate })[] = [
  {
    name: "min_disk_free_gb",
    gate: "infrastructure",
    value: DEPLOY.minDiskFreeGb.unwrap(),
    becomes: "policy.deploy.minDiskFreeGb",
    note: "measured on the disk of Docker's data directory",
  },
  {
    name: "max_cpu_load",
    gate: "infrastructure",
    value: positiveDecimal(0, 1000),
    note: "it capped the whole host's load average; SwiftDeploy caps the load per CPU: policy.deploy.maxLoadPerCpu (default 2)",
  },
  {
    name: "max_mem_used_pct",
    gate: "infrastructure",
    value: decimal(0, 100),
    note: "SwiftDeploy asks for free memory instead: policy.deploy.minMemoryFreeMb (default 256)",
  },
  {
    name: "disk_path",
    gate: "infrastructure",
    value: text(/^\//, 'an absolute path like "/"'),
    note: "the deploy gate measures the disk of Docker's data directory, wherever it is",
  },
  {
    name: "max_error_rate",
    gate: "canary_safety",
    value: PROMOTION.maxErrorRate.unwrap(),
    becomes: "policy.promotion.maxErrorRate",
    note: "the canary's share of 5xx answers",
  },
  {
    name: "max_error_rate_percent",
    gate: "canary_safety",
    value: decimal(0, 100, "percent"),
    becomes: "policy.promotion.maxErrorRate",
    convert: (percent) => percent / 100,
    note: "a share of 5xx answers: 1 % is 0.01",
  },
  {
    name: "max_p99_latency_ms",
    gate: "canary_safety",
    value: PROMOTION.maxP99Ms.unwrap(),
    becomes: "policy.promotion.maxP99Ms",
    note: "the canary's p99 over the window",
  },
  {
    name: "window_seconds",
    gate: "canary_safety",
    value: PROMOTION.windowSeconds.unwrap(),
    becomes: "policy.promotion.windowSeconds",
    note: "the sliding window swiftdeploy promote measures",
  },
  {
    name: "min_sample_requests",
    gate: "canary_safety",
    value: PROMOTION.minRequests.unwrap(),
    becomes: "policy.promotion.minRequests",
    note: "fewer requests in the window mean do not promote",
  },
];

/** `policy` and `policies` are both in use: flat `thresholds`, or one block per gate. */
const POLICY_BLOCKS = ["policy", "policies"] as const;

const policyExtras: LegacyExtra[] = POLICY_BLOCKS.flatMap((block) => [
  { path: `${block}.opa_url`, value: anyText(), note: OPA_URL_NOTE },
  ...THRESHOLDS.flatMap(({ name, gate, ...extra }) =>
    ["thresholds", gate].map((group) => ({ ...extra, path: `${block}.${group}.${name}` })),
  ),
]);

/** Every extra field of the original tool's manifests that the legacy form accepts. */
export const LEGACY_EXTRAS: readonly LegacyExtra[] = [
  {
    path: "services.container_name",
    value: anyText(),
    note: CONTAINER_NAME_NOTE,
  },
  {
    path: "services.replicas",
    value: wholeNumber(1, 1000),
    note: "one container runs per version (stable, and a canary during a release); in the v1 form service.resources sizes it",
  },
  {
    path: "nginx.contact",
    value: anyText(),
    note: "SwiftDeploy's Nginx puts no contact address in its error answers",
  },
  { path: "nginx.container_name", value: anyText(), note: CONTAINER_NAME_NOTE },
  {
    path: "nginx.error_handling",
    value: anyMapping(),
    note: "SwiftDeploy's Nginx keeps its own error answers (JSON 404 on the private paths)",
  },
  {
    path: "nginx.headers",
    value: anyMapping(),
    note: "Nginx adds only its security headers (proxy.securityHeaders in the v1 form); the API sets X-Mode",
  },
  {
    path: "volumes",
    value: z.unknown(),
    note: "the stack declares no volumes: Nginx's access log is a file on the host, read by the detector, and the API keeps no state",
  },
  { path: "opa_url", value: anyText(), note: OPA_URL_NOTE },
  {
    path: "opa.image",
    value: imageRef(),
    note: "SwiftDeploy's policies need OPA 1.22 and wget for the health check: images.opa in the v1 form",
  },
  {
    path: "opa.port",
    value: port(),
    note: "OPA listens on 8181 on the private network, never published; swiftdeploy reaches it through SSH",
  },
  { path: "opa.container_name", value: anyText(), note: CONTAINER_NAME_NOTE },
  {
    path: "opa.policy_network",
    value: anyText(),
    note: "OPA shares the stack's private network (network.name) and publishes no port",
  },
  {
    path: "opa.policies_dir",
    value: anyText(),
    note: "SwiftDeploy brings its own policies (policies/opa); their thresholds are policy.deploy and policy.promotion",
  },
  ...policyExtras,
  {
    path: "audit.history_path",
    value: anyText(),
    note: "swiftdeploy records every step in history.jsonl in the project folder",
  },
  {
    path: "audit.report_path",
    value: anyText(),
    note: "choose the report's file with swiftdeploy audit --out FILE (default audit_report.md)",
  },
  {
    path: "deployment.health_check_path",
    value: text(/^\//, 'a path like "/healthz"'),
    note: "the API container's health check is GET /healthz; deploy waits for the public URL to answer 200",
  },
  {
    path: "deployment.health_check_timeout",
    value: wholeNumber(1, 3600, "seconds"),
    note: "use swiftdeploy deploy --timeout SECONDS (default 120)",
  },
  {
    path: "deployment.restart_policy",
    value: oneOf(Object.values(RestartPolicy) as [RestartPolicy, ...RestartPolicy[]]),
    becomes: "service.restart",
    note: "the same as services.restart",
  },
  {
    path: "deployment.strategy",
    value: oneOf(TRACKS),
    note: "it repeats services.mode, which decides",
  },
];
