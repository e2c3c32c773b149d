import { canonicalKey } from "./ban-key";
import type { EnforcedBan } from "./enforcer";

/** What the nftables table is made of. */
export interface NftLayout {
  readonly table: string;
  readonly maxElements: number;
  readonly ipv6: boolean;
  /** Which hooks drop banned traffic: forward (Docker-published ports, routed) and input (host). */
  readonly forward: boolean;
  readonly input: boolean;
  readonly inputPorts: readonly number[];
  /** TCP ports the input hook never drops (the host's SSH port). */
  readonly inputExemptPorts: readonly number[];
  readonly tag: string;
}

const set = (family: 4 | 6) => (family === 4 ? "v4" : "v6");
const exceptSet = (family: 4 | 6) => (family === 4 ? "v4x" : "v6x");

function chainRules(layout: NftLayout, chain: "forward" | "input"): string[] {
  const t = `inet ${layout.table}`;
  const exempt = chain === "input" ? layout.inputExemptPorts : [];
  const only = chain === "input" ? layout.inputPorts.filter((p) => !exempt.includes(p)) : [];
  const ports = only.length > 0 ? `tcp dport { ${only.join(", ")} } ` : "";
  const families: (4 | 6)[] = layout.ipv6 ? [4, 6] : [4];
  const out = [
    `add chain ${t} ${chain} { type filter hook ${chain} priority filter - 10; policy accept; }`,
    `flush chain ${t} ${chain}`,
  ];
  // Every port the manifest asked for is exempt: nothing left to drop on this hook.
  if (chain === "input" && layout.inputPorts.length > 0 && only.length === 0) return out;
  // A return ends only this table's chain: the host's own rules in other tables still apply.
  if (exempt.length > 0)
    out.push(`add rule ${t} ${chain} tcp dport { ${exempt.join(", ")} } return`);
  for (const f of families) {
    const match = f === 4 ? "ip saddr" : "ip6 saddr";
    out.push(`add rule ${t} ${chain} ${match} @${exceptSet(f)} return`);
    out.push(
      `add rule ${t} ${chain} ${ports}${match} @${set(f)} counter drop comment "${layout.tag}"`,
    );
  }
  return out;
}

/**
 * The whole table as one `nft -f -` transaction: a table of its own with interval+timeout sets and
 * base chains on the forward and input hooks just before the filter priority, so a drop there wins
 * over Docker's ACCEPT rules. Re-running it keeps the sets' elements and rewrites the rules.
 */
export function nftSetupScript(layout: NftLayout): string {
  const t = `inet ${layout.table}`;
  const families: (4 | 6)[] = layout.ipv6 ? [4, 6] : [4];
  const lines = [`add table ${t}`];
  for (const f of families) {
    const type = f === 4 ? "ipv4_addr" : "ipv6_addr";
    lines.push(
      `add set ${t} ${set(f)} { type ${type}; flags interval, timeout; size ${layout.maxElements}; }`,
    );
    lines.push(
      `add set ${t} ${exceptSet(f)} { type ${type}; flags interval, timeout; size 65536; }`,
    );
  }
  if (layout.forward) lines.push(...chainRules(layout, "forward"));
  if (layout.input) lines.push(...chainRules(layout, "input"));
  return `${lines.join("\n")}\n`;
}

function element(key: string, timeoutSeconds: number | null): string {
  return timeoutSeconds === null
    ? key
    : `${key} timeout ${Math.max(1, Math.ceil(timeoutSeconds))}s`;
}

/** What one batch does to one set. */
export interface NftSetChange {
  /** "v4", "v6" or the exception sets "v4x", "v6x". */
  readonly set: string;
  /** Elements to delete first (they must exist: nft refuses to delete a missing element). */
  readonly del: readonly string[];
  /** Elements to add, with their timeouts. */
  readonly add: readonly { readonly key: string; readonly timeoutSeconds: number | null }[];
}

/**
 * One transaction for a batch: per set one `delete element` (of elements known to be there: bans
 * lifted, and bans re-added to refresh their timeout, which `add` alone would not) and one `add
 * element` listing every addition. Two statements per set, however many bans: nft evaluates a
 * statement per element list, so this applies 100,000 bans in about two seconds where one
 * statement per element takes minutes.
 */
export function nftBatchScript(table: string, changes: readonly NftSetChange[]): string {
  const t = `inet ${table}`;
  const lines: string[] = [];
  for (const c of changes)
    if (c.del.length > 0) lines.push(`delete element ${t} ${c.set} { ${c.del.join(", ")} }`);
  for (const c of changes)
    if (c.add.length > 0)
      lines.push(
        `add element ${t} ${c.set} { ${c.add.map((a) => element(a.key, a.timeoutSeconds)).join(", ")} }`,
      );
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** The set a ban (or one of its exceptions) lives in. */
export function nftSetOf(family: 4 | 6, exception: boolean): string {
  return `v${family}${exception ? "x" : ""}`;
}

interface NftElem {
  elem?: { val?: unknown; timeout?: number; expires?: number };
  prefix?: { addr: string; len: number };
}

function keyOfValue(val: unknown): string | undefined {
  if (typeof val === "string") return canonicalKey(val)?.key;
  const p = (val as NftElem | undefined)?.prefix;
  if (p !== undefined) return canonicalKey(`${p.addr}/${p.len}`)?.key;
  return undefined;
}

/** Parses `nft -j list set inet T v4|v6`: the elements and the set's size. */
export function parseNftSet(json: string, family: 4 | 6): { bans: EnforcedBan[]; size: number } {
  const doc = JSON.parse(json) as { nftables?: { set?: { elem?: unknown[]; size?: number } }[] };
  const found = (doc.nftables ?? []).find((x) => x.set !== undefined)?.set;
  const bans: EnforcedBan[] = [];
  for (const raw of found?.elem ?? []) {
    const wrapped = (raw as NftElem).elem;
    const key = keyOfValue(wrapped === undefined ? raw : wrapped.val);
    if (key === undefined) continue;
    const left = wrapped?.expires;
    bans.push({ key, family, timeoutSeconds: left === undefined ? null : Math.max(1, left) });
  }
  return { bans, size: found?.size ?? 0 };
}
