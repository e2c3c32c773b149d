import type { z } from "zod";
import { describeFound } from "./describe-value";
import type { ManifestProblem } from "./problems";
import { formatPath } from "./problems";
import type { Location } from "./yaml-locate";

type RawIssue = z.core.$ZodRawIssue;

const TYPE_PHRASES: Readonly<Record<string, string>> = {
  object: "a mapping (key: value lines)",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
};

const SECRET_KEY = /key|password|passphrase|token|secret|webhook|url|credential/i;

function allowedFields(issue: RawIssue): string {
  const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def
    ?.shape;
  const names = shape === undefined ? [] : Object.keys(shape);
  return names.length === 0 ? "no fields here" : `one of the fields ${names.join(", ")}`;
}

/**
 * Per-parse error map: the "expected" phrase for issues whose schema did not set its own (schema
 * messages win over this map). Every phrase completes the sentence "expected …".
 */
export const expectedPhrase: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return TYPE_PHRASES[issue.expected] ?? `a ${issue.expected}`;
    case "unrecognized_keys":
      return allowedFields(issue);
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return issue.origin === "array"
        ? `at least ${String(issue.minimum)} item(s)`
        : `a value of at least ${String(issue.minimum)}`;
    case "too_big":
      return issue.origin === "array"
        ? `at most ${String(issue.maximum)} item(s)`
        : `a value of at most ${String(issue.maximum)}`;
    case "invalid_format":
      return `a valid ${issue.format}`;
    default:
      return "a valid value";
  }
};

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = root;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** Where a path is: its value, or its key (for unknown fields). */
export type Locator = (path: readonly PropertyKey[], target: "value" | "key") => Location;

/** A zod issue as located problems (one per unknown key). */
export function issueToProblems(
  issue: z.core.$ZodIssue,
  input: unknown,
  file: string,
  where: Locator,
): ManifestProblem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const path = [...issue.path, key];
      const hint = SECRET_KEY.test(key)
        ? "; secrets (SSH keys, webhook URLs, tokens) belong in Pulumi config as secrets (docs/manifest.md#secrets)"
        : "";
      const { line, column } = where(path, "key");
      return {
        file,
        line,
        column,
        path: formatPath(path),
        expected: `${issue.message}${hint}`,
        found: `an unknown field ${JSON.stringify(key)}`,
      };
    });
  }
  const { line, column, source } = where(issue.path, "value");
  return [
    {
      file,
      line,
      column,
      path: formatPath(issue.path),
      expected: issue.message,
      found: describeFound(valueAt(input, issue.path), source),
    },
  ];
}
