import { canonicalKey } from "./ban-key";

/** One ban in the Nginx deny list. */
export interface DenyEntry {
  readonly family: 4 | 6;
  /** End of the ban (epoch ms); null = permanent. */
  readonly untilMs: number | null;
  readonly except: readonly string[];
}

const HEADER =
  "# swiftdeploy-detector deny list: rewritten on every ban and unban; do not edit by hand.\n" +
  "# Include it before any other allow/deny of the server: allowlisted exceptions come first.\n";

/**
 * The file's text: `allow` lines for exceptions inside banned prefixes first (the first matching
 * rule wins in Nginx), then one `deny` per ban with its expiry as a comment, sorted for stable diffs.
 */
export function renderDenyFile(entries: ReadonlyMap<string, DenyEntry>): string {
  const keys = [...entries.keys()].sort();
  const allows: string[] = [];
  const denies: string[] = [];
  for (const key of keys) {
    const e = entries.get(key)!;
    for (const x of e.except) allows.push(`allow ${x}; # except ${key}`);
    const until = e.untilMs === null ? "permanent" : `until ${new Date(e.untilMs).toISOString()}`;
    denies.push(`deny ${key}; # ${until}`);
  }
  return `${HEADER}${[...allows, ...denies].map((l) => `${l}\n`).join("")}`;
}

/** Reads a file written by `renderDenyFile` back (unknown lines ignored). */
export function parseDenyFile(text: string): Map<string, DenyEntry> {
  const out = new Map<string, DenyEntry>();
  const excepts = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const allow = /^allow (\S+); # except (\S+)$/.exec(line);
    if (allow !== null) {
      const list = excepts.get(allow[2]!) ?? [];
      list.push(allow[1]!);
      excepts.set(allow[2]!, list);
      continue;
    }
    const deny = /^deny (\S+); # (permanent|until (\S+))$/.exec(line);
    if (deny === null) continue;
    const key = canonicalKey(deny[1]!);
    if (key === undefined) continue;
    const untilMs = deny[3] === undefined ? null : Date.parse(deny[3]);
    if (untilMs !== null && Number.isNaN(untilMs)) continue;
    out.set(key.key, { family: key.family, untilMs, except: [] });
  }
  for (const [key, list] of excepts) {
    const e = out.get(key);
    if (e !== undefined) out.set(key, { ...e, except: list });
  }
  return out;
}
