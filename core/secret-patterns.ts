/** One shape of secret: what a value looks like, and how messages name it. */
export interface SecretPattern {
  readonly test: RegExp;
  readonly what: string;
}

/**
 * Values that are secrets wherever they stand: in the manifest (committed to git, echoed in errors)
 * and in a container's env, labels or a command's environment (readable with `docker inspect`).
 * Private keys, webhook URLs (their token is in the path), URLs with a password, and the token
 * shapes of common services. Deliberately broad: a false alarm costs a rename or a pulumi.secret(),
 * a miss leaks a credential. The manifest scan and the CrossGuard pack both read this list.
 */
export const SECRET_VALUE_PATTERNS: readonly SecretPattern[] = [
  { test: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, what: "a private key" },
  {
    test: /\bhooks\.slack\.com\b|\bdiscord(app)?\.com\/api\/webhooks\b|\.webhook\.office\.com\b/i,
    what: "a webhook URL",
  },
  { test: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, what: "a URL with a password" },
  {
    test: /\b(xox[abprs]-[A-Za-z0-9-]{10,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|sk-[A-Za-z0-9_-]{20,})\b/,
    what: "a token",
  },
];

/** What kind of secret `value` looks like ("a webhook URL", "a token"), or undefined if none. */
export function secretValueKind(value: string): string | undefined {
  return SECRET_VALUE_PATTERNS.find((pattern) => pattern.test.test(value))?.what;
}
