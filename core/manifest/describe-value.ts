import { secretKind } from "./secret-kind";

const MAX_SHOWN = 60;

/**
 * How a found value reads in a problem; secret-looking strings are never echoed. `source` is the
 * text as written, shown for numbers and booleans so `1.0` is not reported as `1`.
 */
export function describeFound(value: unknown, source?: string): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "an empty value";
  if (typeof value === "string") {
    const secret = secretKind(value);
    if (secret !== undefined) return `${secret} (value hidden)`;
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === "number" || typeof value === "boolean") {
    const written = source ?? String(value);
    return `${written} (${typeof value === "number" ? "a number" : "a boolean"})`;
  }
  if (Array.isArray(value))
    return value.length === 0
      ? "an empty list"
      : `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object") return "a mapping";
  return String(value);
}
