/** One counter of the sketch, heaviest first in `top`. */
export interface HeavyHitter {
  readonly id: number | string;
  /** Caller's tag stored with the id (the client table keeps the key's prefix length here). */
  readonly tag: number;
  /** Estimated occurrences: never fewer than the true count, at most `error` more. */
  readonly count: number;
  /** How much `count` may overestimate (the count of the counter it took over). */
  readonly error: number;
}

/**
 * The Space-Saving heavy-hitter sketch (Metwally, Agrawal, El Abbadi, "Efficient Computation of
 * Frequent and Top-k Elements in Data Streams", ICDT 2005): `capacity` counters; an unseen id takes
 * over the smallest counter and inherits its count as its `error`. Any id seen more than N/capacity
 * times in a stream of N is guaranteed a counter, and `count - error` is exactly how often it was
 * seen since it took its counter. Memory is fixed: a few dozen bytes per counter plus its map entry
 * (≈ 100 KB for 1,024 counters). The smallest counter is found with a binary min-heap, so an update
 * is O(log capacity).
 */
export class SpaceSaving {
  private readonly index = new Map<number | string, number>();
  private readonly ids: (number | string | undefined)[];
  private readonly tags: Uint8Array;
  private readonly counts: Float64Array;
  private readonly errors: Float64Array;
  /** heap[k] = counter number; pos[counter] = its place in the heap. */
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private used = 0;

  constructor(readonly capacity: number) {
    this.ids = new Array<number | string | undefined>(capacity);
    this.tags = new Uint8Array(capacity);
    this.counts = new Float64Array(capacity);
    this.errors = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(capacity);
  }

  /** Counters in use. */
  get size(): number {
    return this.used;
  }

  /** Counts one occurrence of `id`; returns how often it was seen since it took its counter. */
  add(id: number | string, tag: number): number {
    let c = this.index.get(id);
    if (c === undefined) {
      if (this.used < this.capacity) {
        c = this.used;
        this.heap[c] = c;
        this.pos[c] = c;
        this.used++;
        this.counts[c] = 0;
        this.errors[c] = 0;
        this.siftUp(c);
      } else {
        c = this.heap[0]!;
        this.index.delete(this.ids[c]!);
        this.errors[c] = this.counts[c]!;
      }
      this.ids[c] = id;
      this.tags[c] = tag;
      this.index.set(id, c);
    }
    this.counts[c]! += 1;
    this.siftDown(this.pos[c]!);
    return this.counts[c]! - this.errors[c]!;
  }

  /** Sets `id`'s counter back to zero (it is counted elsewhere now); its counter is reused first. */
  forget(id: number | string): void {
    const c = this.index.get(id);
    if (c === undefined) return;
    this.counts[c] = 0;
    this.errors[c] = 0;
    this.siftUp(this.pos[c]!);
  }

  /** The `n` heaviest counters, heaviest first. */
  top(n: number): HeavyHitter[] {
    const order: number[] = [];
    for (let k = 0; k < this.used; k++) if (this.counts[k]! > 0) order.push(k);
    order.sort((a, b) => this.counts[b]! - this.counts[a]!);
    return order.slice(0, n).map((c) => ({
      id: this.ids[c]!,
      tag: this.tags[c]!,
      count: this.counts[c]!,
      error: this.errors[c]!,
    }));
  }

  /** Forgets everything (a new epoch). */
  clear(): void {
    this.index.clear();
    this.ids.fill(undefined);
    this.used = 0;
  }

  private siftUp(k: number): void {
    const heap = this.heap;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (this.counts[heap[parent]!]! <= this.counts[heap[k]!]!) return;
      this.swap(k, parent);
      k = parent;
    }
  }

  private siftDown(k: number): void {
    const heap = this.heap;
    for (;;) {
      const l = 2 * k + 1;
      if (l >= this.used) return;
      const r = l + 1;
      const child = r < this.used && this.counts[heap[r]!]! < this.counts[heap[l]!]! ? r : l;
      if (this.counts[heap[child]!]! >= this.counts[heap[k]!]!) return;
      this.swap(k, child);
      k = child;
    }
  }

  private swap(a: number, b: number): void {
    const heap = this.heap;
    const ca = heap[a]!;
    const cb = heap[b]!;
    heap[a] = cb;
    heap[b] = ca;
    this.pos[cb] = a;
    this.pos[ca] = b;
  }
}
