import type { ClientKey } from "../address/client-key";
import type { BucketLayout } from "./bucket-layout";

/** Slot flags. Allowed: never judged. Banned: judged no more until unbanned. */
export const SlotFlag = { Allowed: 1, Banned: 2 } as const;

const INITIAL_CAPACITY = 1024;

/** `ownJudgeAt` of a client with no own history to judge it by. */
export const NO_OWN_LIMIT = 0xffffffff;

/**
 * Per-client sliding-window counters in flat typed arrays (a slab of fixed-size rings, one per
 * client), so 100,000 clients cost a few dozen MB and no per-request objects. Clients are found by
 * key (int for IPv4, packed string for IPv6) and get a small integer slot; idle ones are evicted.
 */
export class ClientTable {
  private readonly v4 = new Map<number, number>();
  private readonly v6 = new Map<string, number>();
  private keys: (number | string | undefined)[] = [];
  private free: number[] = [];
  private capacity = 0;
  private used = 0;
  private readonly b: number;
  counts = new Uint32Array(0);
  errors = new Uint32Array(0);
  /** Requests in the window, as of the client's last bucket. */
  totals = new Uint32Array(0);
  errorTotals = new Uint32Array(0);
  /** Bucket number (log seconds / bucket width) the ring was last advanced to; -1 = free slot. */
  lastBucket = new Float64Array(0);
  /** Log second of the client's latest request. */
  lastSeen = new Float64Array(0);
  flags = new Uint8Array(0);
  prefixes = new Uint8Array(0);
  /**
   * Requests in the window from which the client may break its own history's limit (set by the
   * engine from the client's own history; NO_OWN_LIMIT: none), so the hot path judges it then.
   */
  ownJudgeAt = new Uint32Array(0);
  /** Clients that could not be tracked because the table was full. */
  refused = 0;

  constructor(
    private readonly layout: BucketLayout,
    private readonly maxClients: number,
  ) {
    this.b = layout.buckets;
    this.grow(Math.min(INITIAL_CAPACITY, maxClients));
  }

  /** Clients tracked now. */
  get size(): number {
    return this.used;
  }

  /** Highest slot number in use + 1 (iterate 0..limit and skip free slots). */
  get limit(): number {
    return this.keys.length;
  }

  /** The slot of an IPv4 key, or -1. */
  findV4(id: number): number {
    return this.v4.get(id) ?? -1;
  }

  /** The slot of an IPv6 key, or -1. */
  findV6(id: string): number {
    return this.v6.get(id) ?? -1;
  }

  /** Adds a client; returns its slot, or -1 when the table is full. */
  add(id: number | string, prefix: number, flags: number): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      if (this.keys.length >= this.capacity) {
        if (this.capacity >= this.maxClients) {
          this.refused++;
          return -1;
        }
        this.grow(Math.min(this.capacity * 2, this.maxClients));
      }
      slot = this.keys.length;
      this.keys.push(id);
    } else {
      this.keys[slot] = id;
    }
    if (typeof id === "number") this.v4.set(id, slot);
    else this.v6.set(id, slot);
    this.used++;
    this.flags[slot] = flags;
    this.prefixes[slot] = prefix;
    this.ownJudgeAt[slot] = NO_OWN_LIMIT;
    this.totals[slot] = 0;
    this.errorTotals[slot] = 0;
    this.lastBucket[slot] = -1;
    this.lastSeen[slot] = 0;
    this.counts.fill(0, slot * this.b, slot * this.b + this.b);
    this.errors.fill(0, slot * this.b, slot * this.b + this.b);
    return slot;
  }

  /** The key of a slot (undefined for a free slot). */
  keyOf(slot: number): number | string | undefined {
    return this.keys[slot];
  }

  /** The key of a slot as a ClientKey (undefined for a free slot). */
  clientKey(slot: number): ClientKey | undefined {
    const id = this.keys[slot];
    if (id === undefined) return undefined;
    return { family: typeof id === "number" ? 4 : 6, id, prefix: this.prefixes[slot]! };
  }

  /** Counts one request at log second `second`; returns false when it is older than the window. */
  hit(slot: number, second: number, isError: boolean): boolean {
    const bucket = Math.floor(second / this.layout.bucketSeconds);
    const last = this.lastBucket[slot]!;
    if (bucket > last) this.advance(slot, bucket);
    else if (bucket <= last - this.b) return false;
    if (second > this.lastSeen[slot]!) this.lastSeen[slot] = second;
    const at = slot * this.b + (bucket % this.b);
    this.counts[at]! += 1;
    this.totals[slot]! += 1;
    if (isError) {
      this.errors[at]! += 1;
      this.errorTotals[slot]! += 1;
    }
    return true;
  }

  /** Moves a client's ring to `bucket`, dropping what fell out of the window. */
  advance(slot: number, bucket: number): void {
    const last = this.lastBucket[slot]!;
    if (bucket <= last) return;
    const base = slot * this.b;
    if (last < 0 || bucket - last >= this.b) {
      this.counts.fill(0, base, base + this.b);
      this.errors.fill(0, base, base + this.b);
      this.totals[slot] = 0;
      this.errorTotals[slot] = 0;
    } else {
      for (let k = last + 1; k <= bucket; k++) {
        const at = base + (k % this.b);
        this.totals[slot]! -= this.counts[at]!;
        this.errorTotals[slot]! -= this.errors[at]!;
        this.counts[at] = 0;
        this.errors[at] = 0;
      }
    }
    this.lastBucket[slot] = bucket;
  }

  /** Adds `count` requests at log second `second` at once (counts kept elsewhere until now). */
  seed(slot: number, second: number, count: number): void {
    const bucket = Math.floor(second / this.layout.bucketSeconds);
    const last = this.lastBucket[slot]!;
    if (bucket > last) this.advance(slot, bucket);
    else if (bucket <= last - this.b) return;
    if (second > this.lastSeen[slot]!) this.lastSeen[slot] = second;
    this.counts[slot * this.b + (bucket % this.b)]! += count;
    this.totals[slot]! += count;
  }

  /** Gives a slot a new key (a client becomes the prefix it is merged into), keeping its counts. */
  rekey(slot: number, id: number | string, prefix: number): void {
    this.unmap(slot);
    this.keys[slot] = id;
    this.prefixes[slot] = prefix;
    this.ownJudgeAt[slot] = NO_OWN_LIMIT;
    if (typeof id === "number") this.v4.set(id, slot);
    else this.v6.set(id, slot);
  }

  /** Adds client `from`'s window to client `into`'s (both brought to `bucket` first). */
  absorb(into: number, from: number, bucket: number): void {
    this.advance(into, bucket);
    this.advance(from, bucket);
    const b = this.b;
    for (let k = 0; k < b; k++) {
      this.counts[into * b + k]! += this.counts[from * b + k]!;
      this.errors[into * b + k]! += this.errors[from * b + k]!;
    }
    this.totals[into]! += this.totals[from]!;
    this.errorTotals[into]! += this.errorTotals[from]!;
    if (this.lastSeen[from]! > this.lastSeen[into]!) this.lastSeen[into] = this.lastSeen[from]!;
  }

  /** Forgets a client. */
  evict(slot: number): void {
    const id = this.keys[slot];
    if (id === undefined) return;
    this.unmap(slot);
    this.keys[slot] = undefined;
    this.lastBucket[slot] = -1;
    this.flags[slot] = 0;
    this.free.push(slot);
    this.used--;
  }

  /** Removes the slot's key from the maps, unless the key already names another slot. */
  private unmap(slot: number): void {
    const id = this.keys[slot];
    if (typeof id === "number") {
      if (this.v4.get(id) === slot) this.v4.delete(id);
    } else if (id !== undefined && this.v6.get(id) === slot) this.v6.delete(id);
  }

  /** Bytes held by the typed arrays (for memory reports). */
  bytes(): number {
    return this.capacity * (this.b * 8 + 8 + 8 + 8 + 8 + 2 + 4);
  }

  private grow(capacity: number): void {
    const copy = <T extends Uint32Array | Float64Array | Uint8Array>(from: T, size: number): T => {
      const to = new (from.constructor as new (n: number) => T)(size);
      to.set(from);
      return to;
    };
    this.counts = copy(this.counts, capacity * this.b);
    this.errors = copy(this.errors, capacity * this.b);
    this.totals = copy(this.totals, capacity);
    this.errorTotals = copy(this.errorTotals, capacity);
    this.lastBucket = copy(this.lastBucket, capacity);
    this.lastSeen = copy(this.lastSeen, capacity);
    this.flags = copy(this.flags, capacity);
    this.prefixes = copy(this.prefixes, capacity);
    this.ownJudgeAt = copy(this.ownJudgeAt, capacity);
    this.capacity = capacity;
  }
}
