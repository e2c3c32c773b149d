import type { EnforcementBatch } from "./enforcer";
import { nftSetOf, type NftSetChange } from "./nft-commands";

/** Which elements each set holds now (the enforcer's mirror of the kernel). */
export type NftContents = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * The per-set changes for a batch, given what the sets hold: delete only what is there (nft
 * refuses to delete a missing element), and delete-then-add what is re-added so its timeout is
 * refreshed. Exceptions live in their own sets with their ban's timeout.
 */
export function planNftChanges(batch: EnforcementBatch, contents: NftContents): NftSetChange[] {
  const changes = new Map<string, { del: Set<string>; add: Map<string, number | null> }>();
  const change = (set: string) => {
    let c = changes.get(set);
    if (c === undefined) changes.set(set, (c = { del: new Set(), add: new Map() }));
    return c;
  };
  const has = (set: string, key: string) => contents.get(set)?.has(key) === true;
  const drop = (set: string, key: string) => {
    if (has(set, key)) change(set).del.add(key);
    change(set).add.delete(key);
  };
  for (const r of batch.remove) {
    drop(nftSetOf(r.family, false), r.key);
    for (const x of r.except) drop(nftSetOf(r.family, true), x);
  }
  for (const a of batch.add) {
    for (const [set, key] of [
      [nftSetOf(a.family, false), a.key],
      ...a.except.map((x) => [nftSetOf(a.family, true), x]),
    ] as [string, string][]) {
      if (has(set, key)) change(set).del.add(key);
      change(set).add.set(key, a.timeoutSeconds);
    }
  }
  return [...changes].map(([set, c]) => ({
    set,
    del: [...c.del],
    add: [...c.add].map(([key, timeoutSeconds]) => ({ key, timeoutSeconds })),
  }));
}

/** The mirror after a batch went through. */
export function applyNftChanges(
  contents: Map<string, Set<string>>,
  changes: readonly NftSetChange[],
): void {
  for (const c of changes) {
    let s = contents.get(c.set);
    if (s === undefined) contents.set(c.set, (s = new Set()));
    for (const k of c.del) s.delete(k);
    for (const a of c.add) s.add(a.key);
  }
}
