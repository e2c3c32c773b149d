import { secretValueKind } from "../../../core/secret-patterns";

// What looks like a secret in an environment variable or a label: a value on the shared list
// (core/secret-patterns.ts, which the manifest scan uses too), or a secret's name with a value.
// A plain URL is fine here (OPA's address, a health URL); the manifest rejects every URL.

// NAME=value where NAME ends in one of these words (after normalising to UPPER_SNAKE).
const SECRET_NAME = /(^|_)(TOKEN|KEY|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIALS?)$/;
const NOT_SECRET_NAME = /(^|_)PUBLIC_KEY$/;

/** `com.example.api-token` → `COM_EXAMPLE_API_TOKEN`. */
export function normaliseName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

/**
 * Why `name=value` looks like a secret ("a webhook URL", "a token name"), or undefined. An empty
 * value is never a secret: `API_TOKEN=` only declares the variable.
 */
export function secretKind(name: string, value: string): string | undefined {
  if (value.trim() === "") return undefined;
  const byValue = secretValueKind(value);
  if (byValue !== undefined) return byValue;
  const normalised = normaliseName(name);
  if (SECRET_NAME.test(normalised) && !NOT_SECRET_NAME.test(normalised)) {
    return `a ${normalised.split("_").pop()?.toLowerCase()} name`;
  }
  return undefined;
}

/** Splits a docker `envs` entry `NAME=value` (a bare `NAME` has an empty value). */
export function splitEnv(entry: string): { name: string; value: string } {
  const at = entry.indexOf("=");
  return at < 0
    ? { name: entry, value: "" }
    : { name: entry.slice(0, at), value: entry.slice(at + 1) };
}
