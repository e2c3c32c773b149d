import { canonicalKey } from "../enforce/ban-key";

/** One ban in the shared list, as every detector reads it. */
export interface SharedBan {
  /** The ban key: an address or a prefix (`2001:db8:1:2::/64`), as in decisions. */
  readonly ip: string;
  readonly family: 4 | 6;
  /** End of the ban (ISO-8601, UTC); null = permanent. */
  readonly until: string | null;
  /** The rule that fired on the node that decided it. */
  readonly rule: string;
  /** The node that decided it. */
  readonly node: string;
  /** When it was decided (ISO-8601, UTC). */
  readonly at: string;
}

/**
 * The ConfigMap data key of a ban key: keys may hold only letters, digits, `-`, `_` and `.`, so
 * an IPv6 key's `:` becomes `_` and the prefix's `/` becomes `-` (`2001_db8_1_2__-64`). Distinct
 * ban keys give distinct data keys (`.` only in IPv4, `_` only in IPv6).
 */
export function dataKey(ip: string): string {
  return ip.replace(/:/g, "_").replace("/", "-");
}

/** The JSON value stored under {@link dataKey}. */
export function encodeSharedBan(ban: SharedBan): string {
  const { ip, family, until, rule, node, at } = ban;
  return JSON.stringify({ ip, family, until, rule, node, at });
}

/** Reads one value; undefined when it is not a well-formed ban (a hand edit, another version). */
export function decodeSharedBan(value: string): SharedBan | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(value) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== "object") return undefined;
  const { ip, family, until, rule, node, at } = raw;
  if (typeof ip !== "string" || (family !== 4 && family !== 6)) return undefined;
  const canonical = canonicalKey(ip);
  if (canonical === undefined || canonical.key !== ip || canonical.family !== family)
    return undefined;
  if (until !== null && (typeof until !== "string" || Number.isNaN(Date.parse(until))))
    return undefined;
  if (typeof at !== "string" || Number.isNaN(Date.parse(at))) return undefined;
  return {
    ip,
    family,
    until,
    rule: typeof rule === "string" ? rule : "unknown",
    node: typeof node === "string" ? node : "unknown",
    at,
  };
}

/** Every well-formed ban of a ConfigMap's data, by ban key; a value under the wrong key is skipped. */
export function decodeBanList(
  data: Readonly<Record<string, unknown>> | undefined,
): Map<string, SharedBan> {
  const out = new Map<string, SharedBan>();
  for (const [key, value] of Object.entries(data ?? {})) {
    if (typeof value !== "string") continue;
    const ban = decodeSharedBan(value);
    if (ban !== undefined && dataKey(ban.ip) === key) out.set(ban.ip, ban);
  }
  return out;
}

/** End of a shared ban in epoch ms (Infinity when permanent). */
export function sharedUntilMs(ban: Pick<SharedBan, "until">): number {
  return ban.until === null ? Number.POSITIVE_INFINITY : Date.parse(ban.until);
}
