import type { CheckFailure, CheckResult } from "@pulumi/pulumi/provider";
import { autoName } from "./auto-name";
import type { InputSchema } from "./input-schema";
import type { ResourceContext } from "./resource-handler";
import { unsupportedInputs } from "./unsupported-inputs";
import type { WireRecord } from "./wire";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** A `required` failure for each listed input that is absent. */
export function requiredInputs(news: WireRecord, names: readonly string[]): CheckFailure[] {
  return names
    .filter((name) => news[name] === undefined || news[name] === null || news[name] === "")
    .map((name) => ({ property: name, reason: `${name} is required` }));
}

/** True when the value is still unknown (preview). */
export function isUnknown(value: unknown): boolean {
  return value === unknownValue;
}

/**
 * The common Check: refuse unsupported inputs, require the listed ones, give a `name` when the
 * schema has one and the program did not, then any resource-specific failures.
 */
export function checkBySchema(
  ctx: ResourceContext,
  olds: WireRecord,
  news: WireRecord,
  options: {
    schema: InputSchema;
    pkg: string;
    required?: readonly string[];
    extra?: (inputs: WireRecord) => CheckFailure[];
  },
): CheckResult {
  const inputs: WireRecord = { ...news };
  if ("name" in options.schema) inputs["name"] = autoName(ctx.name, olds, news);
  const failures = [
    ...unsupportedInputs(news, options.schema, options.pkg),
    ...requiredInputs(inputs, options.required ?? []),
    ...(options.extra?.(inputs) ?? []),
  ];
  return { inputs, failures };
}
