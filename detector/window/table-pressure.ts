import type { BucketLayout } from "./bucket-layout";
import { SlotFlag, type ClientTable } from "./client-table";
import { WidePrefix, type AggregationSettings } from "./prefix-aggregation";
import { SpaceSaving, type HeavyHitter } from "./space-saving";

/** How the table behaves when it is full. */
export interface PressureSettings {
  /** Counters of the heavy-hitter sketch. */
  readonly heavyHitters: number;
  readonly aggregate: AggregationSettings;
  /** Least log time between two untracked-lines reports. */
  readonly alertEverySeconds: number;
}

/** What the engine provides. */
export interface PressureHooks {
  /** Called before a client is evicted or merged away (drop what is kept per slot). */
  readonly onEvict: (slot: number) => void;
  /** Whether a (merged) prefix key is banned now, so its slot starts banned. */
  readonly isBanned: (id: number | string, prefix: number) => boolean;
}

/** Lines that went untracked since the last report, with the sources behind them. */
export interface UntrackedReport {
  readonly untrackedLines: number;
  readonly trackedClients: number;
  readonly topSources: readonly HeavyHitter[];
  /** Slots of the merged prefixes, largest window first. */
  readonly aggregates: readonly number[];
}

/** Clients looked at to find the idlest one to evict (a CLOCK hand walks the slots). */
const EVICTION_SAMPLE = 8;
/**
 * Least log time between two counts of clients per wide prefix while the table is full; doubled
 * (up to one window) after each count that merged nothing, since a full pass costs ~20 ms per
 * 200,000 clients.
 */
const CENSUS_SECONDS = 10;
const TOP_SOURCES = 5;

/**
 * What happens when the client table is full, so that filling it hides no one:
 *
 * - every line of a client the table cannot hold is counted in a Space-Saving sketch (bounded:
 *   `heavyHitters` counters, reset every window);
 * - a client seen at least twice in the sketch takes the place of the idlest of a few tracked
 *   clients when it has been seen more often than that one in its window (admission by frequency,
 *   as TinyLFU does: Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient Cache Admission
 *   Policy", 2017), arriving with the requests the sketch counted; one-off newcomers never
 *   displace anyone;
 * - every 10 s while full (backing off to a window while nothing merges), clients are counted per
 *   wide prefix (/24, /48), and every prefix holding `minClients` or more is merged into one
 *   client for that prefix (judged and banned as the prefix; its allowlisted addresses stay apart
 *   under their own keys);
 * - untracked lines are reported (for an alert) with the sketch's top sources.
 */
export class TablePressure {
  private readonly sketch: SpaceSaving;
  private readonly wide: WidePrefix;
  private readonly aggregates = new Set<number>();
  private epochStart = Number.NEGATIVE_INFINITY;
  private hand = 0;
  private nextCensus = Number.NEGATIVE_INFINITY;
  private censusGap = CENSUS_SECONDS;
  private unreported = 0;
  private lastReport = Number.NEGATIVE_INFINITY;
  /** Lines of clients the full table could not hold. */
  untrackedLines = 0;
  /** Clients admitted on their sketch count (heavy hitters that arrived while full). */
  admitted = 0;
  /** Tracked clients evicted to make room for them. */
  evicted = 0;
  /** Prefixes merged so far. */
  aggregations = 0;

  constructor(
    private readonly table: ClientTable,
    private readonly layout: BucketLayout,
    private readonly s: PressureSettings,
    clientPrefixes: { readonly ipv4: number; readonly ipv6: number },
    private readonly hooks: PressureHooks,
  ) {
    this.sketch = new SpaceSaving(s.heavyHitters);
    this.wide = new WidePrefix(s.aggregate, clientPrefixes.ipv4, clientPrefixes.ipv6);
  }

  /** Merged prefixes in the table now. */
  get aggregated(): number {
    return this.aggregates.size;
  }

  /** Whether `slot` holds a merged prefix. */
  isAggregate(slot: number): boolean {
    return this.aggregates.has(slot);
  }

  /** The slot of the merged prefix a client belongs to, or -1 (cheap when nothing is merged). */
  aggregateOf(id: number | string, prefix: number): number {
    if (this.aggregates.size === 0) return -1;
    const w = this.wide.of(id, prefix);
    if (w === undefined) return -1;
    const slot = typeof w === "number" ? this.table.findV4(w) : this.table.findV6(w);
    return slot >= 0 && this.aggregates.has(slot) ? slot : -1;
  }

  /**
   * A client the full table refused, at log second `second`: its slot if it gets one now (a fresh
   * slot, or its merged prefix's: see `isAggregate`), else -1 and the line counts as untracked.
   */
  admit(id: number | string, prefix: number, second: number): number {
    if (second >= this.epochStart + this.layout.windowSeconds) {
      this.sketch.clear();
      this.epochStart = second;
    }
    if (this.wide.enabled && second >= this.nextCensus) {
      const merged = this.census(second);
      this.censusGap =
        merged > 0 ? CENSUS_SECONDS : Math.min(this.censusGap * 2, this.layout.windowSeconds);
      this.nextCensus = second + this.censusGap;
      if (merged > 0) {
        const merged = this.aggregateOf(id, prefix);
        if (merged >= 0) return merged;
        const slot = this.table.add(id, prefix, 0);
        if (slot >= 0) return slot;
      }
    }
    const seen = this.sketch.add(id, prefix);
    const nowBucket = Math.floor(second / this.layout.bucketSeconds);
    const victim = seen >= 2 ? this.idlest(nowBucket) : -1;
    if (victim < 0 || seen <= this.table.totals[victim]!) {
      this.untrackedLines++;
      this.unreported++;
      return -1;
    }
    this.hooks.onEvict(victim);
    this.aggregates.delete(victim);
    this.table.evict(victim);
    this.evicted++;
    const slot = this.table.add(id, prefix, 0);
    // The requests the sketch saw happened since the epoch began: counted there, they leave the
    // window no later than they really would.
    this.table.seed(
      slot,
      Math.max(this.epochStart, second - this.layout.windowSeconds + 1),
      seen - 1,
    );
    this.sketch.forget(id);
    this.admitted++;
    return slot;
  }

  /** Takes over the running totals of the pressure this one replaces (the windows restarted). */
  carryTotals(before: TablePressure): void {
    this.untrackedLines = before.untrackedLines;
    this.admitted = before.admitted;
    this.evicted = before.evicted;
    this.aggregations = before.aggregations;
  }

  /** The engine evicted `slot` (idle). */
  evictedSlot(slot: number): void {
    this.aggregates.delete(slot);
  }

  /** Untracked lines to report at log second `second`, at most every `alertEverySeconds`. */
  report(second: number): UntrackedReport | undefined {
    if (this.unreported === 0 || second - this.lastReport < this.s.alertEverySeconds) return;
    const report = {
      untrackedLines: this.unreported,
      trackedClients: this.table.size,
      topSources: this.sketch.top(TOP_SOURCES),
      aggregates: [...this.aggregates].sort(
        (a, b) => this.table.totals[b]! - this.table.totals[a]!,
      ),
    };
    this.unreported = 0;
    this.lastReport = second;
    return report;
  }

  /** The idlest of the next few tracked clients (oldest last request, then fewest requests). */
  private idlest(nowBucket: number): number {
    const t = this.table;
    const limit = t.limit;
    let best = -1;
    for (let k = 0; k < EVICTION_SAMPLE; k++) {
      const slot = this.hand;
      this.hand = slot + 1 >= limit ? 0 : slot + 1;
      if (t.keyOf(slot) === undefined) continue;
      t.advance(slot, nowBucket);
      if (
        best < 0 ||
        t.lastSeen[slot]! < t.lastSeen[best]! ||
        (t.lastSeen[slot] === t.lastSeen[best] && t.totals[slot]! < t.totals[best]!)
      )
        best = slot;
    }
    return best;
  }

  /** Merges every wide prefix holding `minClients` or more tracked clients; returns how many. */
  private census(second: number): number {
    const t = this.table;
    const members = new Map<number | string, number>();
    for (let slot = 0; slot < t.limit; slot++) {
      const id = t.keyOf(slot);
      if (id === undefined || t.flags[slot] !== 0 || this.aggregates.has(slot)) continue;
      const w = this.wide.of(id, t.prefixes[slot]!);
      if (w !== undefined) members.set(w, (members.get(w) ?? 0) + 1);
    }
    const chosen = new Map<number | string, number>();
    for (const [w, n] of members) {
      if (n < this.s.aggregate.minClients) continue;
      const same = typeof w === "number" ? t.findV4(w) : t.findV6(w);
      // A banned or allowlisted address whose key equals the prefix's (x.y.z.0) keeps it: skip.
      if (same < 0 || t.flags[same] === 0) chosen.set(w, -1);
    }
    if (chosen.size === 0) return 0;
    const nowBucket = Math.floor(second / this.layout.bucketSeconds);
    for (let slot = 0; slot < t.limit; slot++) {
      const id = t.keyOf(slot);
      if (id === undefined || t.flags[slot] !== 0 || this.aggregates.has(slot)) continue;
      const w = this.wide.of(id, t.prefixes[slot]!);
      const into = w === undefined ? undefined : chosen.get(w);
      if (into === undefined) continue;
      this.hooks.onEvict(slot);
      if (into < 0) {
        t.advance(slot, nowBucket);
        t.rekey(slot, w!, this.wide.prefixOf(w!));
        chosen.set(w!, slot);
        this.aggregates.add(slot);
      } else {
        t.absorb(into, slot, nowBucket);
        t.evict(slot);
      }
    }
    for (const [w, slot] of chosen)
      if (this.hooks.isBanned(w, this.wide.prefixOf(w))) t.flags[slot] = SlotFlag.Banned;
    this.aggregations += chosen.size;
    return chosen.size;
  }
}
