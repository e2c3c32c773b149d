import { ErrorCode, SwiftDeployError } from "../errors";
import { describeFound } from "./describe-value";
import type { Manifest } from "./manifest-schema";
import { ManifestSchema } from "./manifest-schema";
import { flattenOverrides, type NestedOverrides, type OverrideValue } from "./override-paths";
import { expectedPhrase } from "./zod-issues";

/** How an override's text is read before the schema checks it. */
export const OverrideKind = {
  Text: "text",
  Integer: "integer",
  Number: "number",
  Boolean: "boolean",
} as const;
export type OverrideKind = (typeof OverrideKind)[keyof typeof OverrideKind];

/**
 * The manifest fields a Pulumi stack may override (Pulumi.<stack>.yaml, `swiftdeploy:overrides`),
 * so one manifest drives dev and prod. Deliberately small: where and with what, never what runs —
 * plus the deploy gate's host thresholds, since hosts differ (a shared dev box runs busier).
 */
export const OVERRIDABLE_FIELDS = {
  "host.address": OverrideKind.Text,
  "host.port": OverrideKind.Integer,
  "host.user": OverrideKind.Text,
  "images.base": OverrideKind.Text,
  "images.nginx": OverrideKind.Text,
  "images.opa": OverrideKind.Text,
  "proxy.publicPort": OverrideKind.Integer,
  "proxy.bindAddress": OverrideKind.Text,
  "release.canary.weight": OverrideKind.Integer,
  "policy.deploy.minDiskFreeGb": OverrideKind.Number,
  "policy.deploy.maxLoadPerCpu": OverrideKind.Number,
  "policy.deploy.minMemoryFreeMb": OverrideKind.Integer,
  "detector.dryRun": OverrideKind.Boolean,
  "network.ipv6.enabled": OverrideKind.Boolean,
  "network.ipv6.subnet": OverrideKind.Text,
} as const satisfies Record<string, OverrideKind>;

/** A field name from OVERRIDABLE_FIELDS. */
export type OverridableField = keyof typeof OVERRIDABLE_FIELDS;

function isOverridable(name: string): name is OverridableField {
  return Object.prototype.hasOwnProperty.call(OVERRIDABLE_FIELDS, name);
}

function coerce(kind: OverrideKind, value: OverrideValue): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  if (kind === OverrideKind.Integer && /^-?\d+$/.test(trimmed)) return Number(trimmed);
  if (kind === OverrideKind.Number && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (kind === OverrideKind.Boolean && (trimmed === "true" || trimmed === "false")) {
    return trimmed === "true";
  }
  return value;
}

function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): boolean {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (next === null || typeof next !== "object") return false;
    node = next as Record<string, unknown>;
  }
  node[path[path.length - 1] ?? ""] = value;
  return true;
}

/**
 * The manifest with stack overrides applied and re-validated through the schema. Overrides are
 * dotted names, nested objects (`pulumi config set --path`) or both. Unknown names, overriding a
 * section the manifest lacks, and invalid values are all reported at once.
 */
export function applyOverrides(
  manifest: Manifest,
  overrides: NestedOverrides,
  source = "stack config swiftdeploy:overrides",
): Manifest {
  const result = structuredClone(manifest) as unknown as Record<string, unknown>;
  const flat = flattenOverrides(overrides);
  const problems: string[] = [...flat.problems];
  for (const [name, value] of Object.entries(flat.values)) {
    if (!isOverridable(name)) {
      problems.push(
        `${JSON.stringify(name)}: not an overridable field; allowed: ${Object.keys(OVERRIDABLE_FIELDS).join(", ")}`,
      );
      continue;
    }
    const segments = name.split(".");
    if (!setIn(result, segments, coerce(OVERRIDABLE_FIELDS[name], value))) {
      const parent = segments.slice(0, -1).join(".");
      problems.push(
        `${JSON.stringify(name)}: the manifest declares no ${parent}; add ${parent} to the manifest before overriding it`,
      );
    }
  }
  const checked = ManifestSchema.safeParse(result, { error: expectedPhrase });
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const name = issue.path.join(".");
      const value = issue.path.reduce<unknown>(
        (node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key],
        result,
      );
      problems.push(
        `${JSON.stringify(name)}: expected ${issue.message}, found ${describeFound(value)}`,
      );
    }
  }
  if (problems.length > 0 || !checked.success) {
    throw new SwiftDeployError(ErrorCode.ConfigInvalid, `${source} is invalid`, problems);
  }
  return checked.data;
}
