// Values that must never sit in the manifest (it is committed to git and echoed in errors):
// private keys, URLs (webhooks carry their token in the path), credentials inside URLs, and the
// token shapes of common services. Deliberately broad: a false alarm costs a rename, a miss a leak.
const PATTERNS: readonly { readonly test: RegExp; readonly what: string }[] = [
  { test: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, what: "a private key" },
  { test: /^[a-z][a-z0-9+.-]*:\/\//i, what: "a URL" },
  { test: /\bhooks\.slack\.com\b|\bdiscord(app)?\.com\/api\/webhooks\b/i, what: "a webhook URL" },
  {
    test: /\b(xox[abprs]-[A-Za-z0-9-]{10,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16})\b/,
    what: "a token",
  },
  { test: /\bsk-[A-Za-z0-9_-]{20,}\b/, what: "a token" },
];

/** What kind of secret `value` looks like ("a URL", "a private key"), or undefined if none. */
export function secretKind(value: string): string | undefined {
  return PATTERNS.find((pattern) => pattern.test.test(value))?.what;
}
