import { sharedUntilMs, type SharedBan } from "./shared-ban-codec";

/** A shared ban to hold on this node until `untilMs` (Infinity = permanent). */
export interface HoldBan {
  readonly ban: SharedBan;
  readonly untilMs: number;
}

/** What a new copy of the shared list asks of this node. */
export interface MergePlan {
  /** Bans to hold here: absent locally, or held for a shorter time. */
  readonly hold: readonly HoldBan[];
  /** Ban keys to lift here: gone from the list (lifted on another node) and held no longer than it said. */
  readonly lift: readonly string[];
}

/**
 * Compares the list as last seen with the list now and this node's bans (`localUntilMs`: the end
 * of the ban it holds, 0 when none, Infinity when permanent). A ban already over is skipped (every
 * node's ledger ends it at the same `until`); a key that left the list is lifted only when this
 * node's ban is the listed one, not a longer ban of its own decided since.
 */
export function planMerge(
  previous: ReadonlyMap<string, SharedBan>,
  current: ReadonlyMap<string, SharedBan>,
  localUntilMs: (key: string) => number,
  nowMs: number,
): MergePlan {
  const hold: HoldBan[] = [];
  for (const ban of current.values()) {
    const untilMs = sharedUntilMs(ban);
    if (untilMs <= nowMs) continue;
    if (localUntilMs(ban.ip) >= untilMs) continue;
    hold.push({ ban, untilMs });
  }
  const lift: string[] = [];
  for (const [key, gone] of previous) {
    if (current.has(key)) continue;
    const local = localUntilMs(key);
    if (local !== 0 && local > nowMs && local <= sharedUntilMs(gone)) lift.push(key);
  }
  return { hold, lift };
}
