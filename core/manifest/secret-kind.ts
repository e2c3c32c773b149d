import { secretValueKind } from "../secret-patterns";

// The manifest holds no URL at all (it names Pulumi config keys instead), so any URL counts: a
// webhook's or a service's URL may carry its token in the path or the query.
const ANY_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * What kind of secret a manifest value looks like ("a URL", "a private key"), or undefined: any
 * URL, then the shared list (core/secret-patterns.ts) the CrossGuard pack uses too.
 */
export function secretKind(value: string): string | undefined {
  return ANY_URL.test(value) ? "a URL" : secretValueKind(value);
}
