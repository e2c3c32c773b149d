import type { CheckFailure } from "@pulumi/pulumi/provider";
import type { InputSchema, Shape } from "./input-schema";
import type { Wire, WireRecord } from "./wire";
import { isAssetOrArchive, isSecret } from "./wire";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** The refusal every stand-in gives for an input it does not implement. */
export function unsupportedReason(path: string, pkg: string): string {
  return (
    `${path} is not supported by the stand-in provider (sandbox/providers/${pkg}): remove it, ` +
    `or install the official pulumi-resource-${pkg} plugin`
  );
}

function shapeFailures(value: Wire, shape: Shape, path: string, pkg: string): CheckFailure[] {
  if (isSecret(value)) return shapeFailures(value.value, shape, path, pkg);
  if (value === null || value === undefined || value === unknownValue || isAssetOrArchive(value))
    return [];
  if (shape.kind === "list" && Array.isArray(value)) {
    return value.flatMap((item, i) => shapeFailures(item, shape.item, `${path}[${i}]`, pkg));
  }
  if (shape.kind === "object" && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value as WireRecord).flatMap(([key, inner]) => {
      const fieldShape = shape.fields[key];
      if (fieldShape === undefined) {
        return inner === undefined || inner === null
          ? []
          : [{ property: `${path}.${key}`, reason: unsupportedReason(`${path}.${key}`, pkg) }];
      }
      return shapeFailures(inner, fieldShape, `${path}.${key}`, pkg);
    });
  }
  return [];
}

/**
 * Check failures for every input (top-level or nested) that the schema does not list: each names
 * the property and says it is "not supported by the stand-in provider". Never silently ignored.
 */
export function unsupportedInputs(
  news: WireRecord,
  schema: InputSchema,
  pkg: string,
): CheckFailure[] {
  return Object.entries(news).flatMap(([key, inner]) => {
    const spec = schema[key];
    if (spec === undefined) {
      return inner === undefined || inner === null
        ? []
        : [{ property: key, reason: unsupportedReason(key, pkg) }];
    }
    return spec.shape ? shapeFailures(inner, spec.shape, key, pkg) : [];
  });
}
