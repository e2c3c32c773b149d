// What looks like a secret in an environment variable or a label. Deliberately broad: a false
// alarm costs a rename or a pulumi.secret(), a miss leaks a credential into `docker inspect`.

const VALUE_PATTERNS: readonly { readonly test: RegExp; readonly what: string }[] = [
  { test: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, what: "a private key" },
  {
    test: /hooks\.slack\.com\/|discord(app)?\.com\/api\/webhooks\/|\.webhook\.office\.com\//i,
    what: "a webhook URL",
  },
  { test: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, what: "a URL with a password" },
  {
    test: /\b(xox[abprs]-[A-Za-z0-9-]{10,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|sk-[A-Za-z0-9_-]{20,})\b/,
    what: "a token",
  },
];

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
  const byValue = VALUE_PATTERNS.find((pattern) => pattern.test.test(value))?.what;
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
