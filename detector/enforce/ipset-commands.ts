import { canonicalKey } from "./ban-key";
import type { BanEntry, BanRemoval, EnforcedBan } from "./enforcer";

/** The largest per-entry timeout ipset accepts (seconds); longer bans are refreshed by reconcile. */
export const IPSET_MAX_TIMEOUT = 2_147_483;

/** The two sets of one detector. */
export interface IpsetNames {
  readonly v4: string;
  readonly v6: string;
}

/** `<setName>-v4` and `<setName>-v6`. */
export function ipsetNames(setName: string): IpsetNames {
  return { v4: `${setName}-v4`, v6: `${setName}-v6` };
}

/**
 * `ipset create`: hash:net (addresses and prefixes, and `nomatch` exceptions inside a banned
 * prefix), per-entry timeouts (0 = permanent), per-entry packet counters.
 */
export function createSetArgv(name: string, family: 4 | 6, maxElements: number): string[] {
  const hashSize = String(
    Math.min(65_536, Math.max(1024, 2 ** Math.ceil(Math.log2(maxElements / 64)))),
  );
  return [
    "ipset",
    "create",
    name,
    "hash:net",
    "family",
    family === 4 ? "inet" : "inet6",
    "hashsize",
    hashSize,
    "maxelem",
    String(maxElements),
    "timeout",
    "0",
    "counters",
    "-exist",
  ];
}

function timeoutOf(entry: BanEntry): number {
  if (entry.timeoutSeconds === null) return 0;
  return Math.min(IPSET_MAX_TIMEOUT, Math.max(1, Math.ceil(entry.timeoutSeconds)));
}

/** One line of an `ipset restore` script, with the key it concerns. */
export interface ScriptLine {
  readonly text: string;
  readonly key: string;
  readonly set: string;
  readonly op: "add" | "del";
}

/**
 * The `ipset restore -exist` script for a batch: removals first, then additions, each exception
 * added as `nomatch` with its ban's timeout. `-exist` makes both idempotent and refreshes timeouts.
 */
export function restoreScript(
  names: IpsetNames,
  add: readonly BanEntry[],
  remove: readonly BanRemoval[],
): ScriptLine[] {
  const lines: ScriptLine[] = [];
  const set = (family: 4 | 6) => (family === 4 ? names.v4 : names.v6);
  for (const r of remove) {
    const s = set(r.family);
    lines.push({ text: `del ${s} ${r.key}`, key: r.key, set: s, op: "del" });
    for (const x of r.except) lines.push({ text: `del ${s} ${x}`, key: r.key, set: s, op: "del" });
  }
  for (const a of add) {
    const s = set(a.family);
    const timeout = timeoutOf(a);
    lines.push({ text: `add ${s} ${a.key} timeout ${timeout}`, key: a.key, set: s, op: "add" });
    for (const x of a.except)
      lines.push({
        text: `add ${s} ${x} timeout ${timeout} nomatch`,
        key: a.key,
        set: s,
        op: "add",
      });
  }
  return lines;
}

/** Parses `ipset save SET` output: the bans (nomatch exceptions left out). */
export function parseIpsetSave(text: string, family: 4 | 6): EnforcedBan[] {
  const bans: EnforcedBan[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("add ")) continue;
    const words = line.trim().split(/\s+/);
    if (words.includes("nomatch")) continue;
    const canonical = canonicalKey(words[2] ?? "");
    if (canonical === undefined) continue;
    const t = words.indexOf("timeout");
    const p = words.indexOf("packets");
    const timeout = t < 0 ? 0 : Number(words[t + 1]);
    bans.push({
      key: canonical.key,
      family,
      timeoutSeconds: timeout === 0 ? null : timeout,
      ...(p < 0 ? {} : { packets: Number(words[p + 1]) }),
    });
  }
  return bans;
}

/** Entries and capacity from `ipset list -t SET`. */
export function parseIpsetHeader(
  text: string,
): { entries: number; maxElements: number } | undefined {
  const entries = /Number of entries:\s*(\d+)/.exec(text);
  const max = /maxelem\s+(\d+)/.exec(text);
  if (entries === null || max === null) return undefined;
  return { entries: Number(entries[1]), maxElements: Number(max[1]) };
}

/** The 1-based line number `ipset restore` reports in "Error in line N: …", if any. */
export function failedRestoreLine(stderr: string): { line: number; reason: string } | undefined {
  const m = /Error in line (\d+):\s*(.*)/.exec(stderr);
  if (m === null) return undefined;
  return { line: Number(m[1]), reason: (m[2] ?? "").trim() };
}
