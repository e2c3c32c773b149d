import type { NginxNode } from "./nginx-syntax";
import { directive, quoted } from "./nginx-syntax";

/** Paths only operators use: the API's metrics and fault injection. Never public. */
export const OPERATOR_PATHS = ["/metrics", "/chaos"] as const;

/** Headers for a JSON API: no sniffing, no framing, no referrer, nothing loadable. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
};

/**
 * `add_header … always` lines. They belong at server level and no location may add headers of its
 * own: nginx drops inherited add_header lines in any block that declares one.
 */
export function securityHeaderDirectives(): string[] {
  return Object.entries(SECURITY_HEADERS).map(([name, value]) =>
    directive("add_header", name, quoted(value), "always"),
  );
}

const NOT_FOUND_BODY = quoted('{"error":"Not Found","statusCode":404}');

/** Exact and sub-path 404 locations for every operator-only path (deduplicated). */
export function privatePathLocations(extra: readonly string[]): NginxNode[] {
  const paths = [...new Set([...OPERATOR_PATHS, ...extra])];
  return paths.flatMap((path) =>
    [`= ${path}`, `^~ ${path}/`].map((match) => ({
      block: `location ${match}`,
      body: [
        directive("default_type", "application/json"),
        directive("return", 404, NOT_FOUND_BODY),
      ],
    })),
  );
}
