import type { BucketLayout } from "../window/bucket-layout";
import type { ClientTable } from "../window/client-table";

/** What a sweep found. */
export interface SweepResult {
  /** Rates (req/s) of judgeable clients written to the scratch array. */
  readonly judgeable: number;
  /** Clients with at least one request in the window. */
  readonly active: number;
  readonly evicted: number;
}

/**
 * One pass over every tracked client at a recompute: brings each window up to log second `second`,
 * evicts clients idle for `idleSeconds`, and collects the window rate of every client that is
 * neither allowlisted nor banned into `rates` (the per-client distribution the baseline learns).
 */
export function sweepClients(
  table: ClientTable,
  layout: BucketLayout,
  second: number,
  idleSeconds: number,
  rates: Float64Array,
  onEvict: (slot: number) => void,
): SweepResult {
  const nowBucket = Math.floor(second / layout.bucketSeconds);
  let judgeable = 0;
  let active = 0;
  let evicted = 0;
  for (let slot = 0; slot < table.limit; slot++) {
    if (table.keyOf(slot) === undefined) continue;
    if (second - table.lastSeen[slot]! > idleSeconds) {
      onEvict(slot);
      table.evict(slot);
      evicted++;
      continue;
    }
    table.advance(slot, nowBucket);
    const total = table.totals[slot]!;
    if (total === 0) continue;
    active++;
    if (table.flags[slot] === 0) rates[judgeable++] = total / layout.windowSeconds;
  }
  return { judgeable, active, evicted };
}

/** Active clients and the `n` busiest (slots, busiest first) as of log second `second`. */
export function busiestClients(
  table: ClientTable,
  layout: BucketLayout,
  second: number,
  n: number,
): { active: number; top: number[] } {
  const nowBucket = Math.floor(second / layout.bucketSeconds);
  const top: number[] = [];
  let active = 0;
  for (let slot = 0; slot < table.limit; slot++) {
    if (table.keyOf(slot) === undefined) continue;
    table.advance(slot, nowBucket);
    const total = table.totals[slot]!;
    if (total === 0) continue;
    active++;
    if (top.length === n && total <= table.totals[top[n - 1]!]!) continue;
    top.push(slot);
    top.sort((a, b) => table.totals[b]! - table.totals[a]!);
    if (top.length > n) top.pop();
  }
  return { active, top };
}
