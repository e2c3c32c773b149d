import { IPSET_MAX_TIMEOUT } from "./ipset-commands";
import type { BanEntry, BanRemoval, EnforcedBan, EnforcementBatch } from "./enforcer";

/** A ban that should be in force, as the ledger knows it. */
export interface WantedBan {
  readonly family: 4 | 6;
  /** Epoch ms; null = permanent. */
  readonly untilMs: number | null;
  readonly except: readonly string[];
}

/** Options of a reconciliation. */
export interface ReconcileOptions {
  /** Kernel timeouts within this many seconds of the ledger's are left alone. */
  readonly slackSeconds?: number;
  /** Keys the reconciliation must neither add nor remove (the self-test's address). */
  readonly ignore?: (key: string) => boolean;
  /** Add missing bans (false: only remove what the ledger does not hold). */
  readonly addMissing?: boolean;
}

/**
 * The batch that makes a backend hold exactly the wanted bans: adds what is missing (with the time
 * left), refreshes timeouts that drifted, removes what the ledger no longer holds. Nothing is
 * added twice and nothing is lost; bans already due are neither added nor kept.
 */
export function reconcile(
  wanted: ReadonlyMap<string, WantedBan>,
  actual: readonly EnforcedBan[],
  nowMs: number,
  options: ReconcileOptions = {},
): EnforcementBatch {
  const slack = options.slackSeconds ?? 5;
  const ignore = options.ignore ?? (() => false);
  const addMissing = options.addMissing ?? true;
  const held = new Map(actual.map((b) => [b.key, b]));
  const add: BanEntry[] = [];
  const remove: BanRemoval[] = [];
  for (const [key, w] of wanted) {
    if (ignore(key)) continue;
    const left = w.untilMs === null ? null : Math.ceil((w.untilMs - nowMs) / 1000);
    const due = left !== null && left <= 0;
    const have = held.get(key);
    if (due) continue; // the engine's unban removes it
    if (have === undefined) {
      if (addMissing) add.push({ key, family: w.family, timeoutSeconds: left, except: w.except });
      continue;
    }
    if (drifted(have.timeoutSeconds, left, slack))
      add.push({ key, family: w.family, timeoutSeconds: left, except: w.except });
  }
  for (const b of actual) {
    if (ignore(b.key)) continue;
    const w = wanted.get(b.key);
    const due = w !== undefined && w.untilMs !== null && w.untilMs <= nowMs;
    if (w === undefined || due)
      remove.push({ key: b.key, family: b.family, except: w?.except ?? [] });
  }
  return { add, remove };
}

function drifted(have: number | null, want: number | null, slack: number): boolean {
  if (have === null || want === null) return have !== want;
  const reachable = Math.min(want, IPSET_MAX_TIMEOUT);
  return have < reachable - slack || have > want + slack;
}
