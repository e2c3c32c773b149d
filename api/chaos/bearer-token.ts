import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

/**
 * True when an `Authorization` header carries `Bearer <expected>`. Digests of equal length are
 * compared in constant time, so neither the token's content nor its length leaks through timing.
 */
export function bearerMatches(header: string | undefined, expected: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? "");
  const presented = match?.[1] ?? "";
  const same = timingSafeEqual(digest(presented), digest(expected));
  return match !== null && same;
}
