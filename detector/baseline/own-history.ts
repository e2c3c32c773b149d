import type { BaselineStats } from "./baseline-stats";

/** A client's key as the client table holds it: an IPv4 number or a packed IPv6 prefix. */
export type OwnHistoryKey = number | string;

/** How a client's own history learns and how much of it is kept. */
export interface OwnHistoryOptions {
  /** Snapshots before the history judges the client. */
  readonly minSnapshots: number;
  /** Snapshots weighed: a running average up to this many, an exponential one beyond. */
  readonly memorySnapshots: number;
  readonly maxClients: number;
}

interface OwnRecord {
  snapshots: number;
  mean: number;
  variance: number;
  /** Log second of the latest snapshot. */
  lastSecond: number;
}

/** `source` of a client's own statistics (where a site baseline says "rolling" or "hour-HH"). */
export const OWN_HISTORY_SOURCE = "own";

/**
 * What ONE particular client normally does: at each recompute the engine hands over the window rate
 * of every active client it may learn from, and each client's mean and variance move towards it
 * (a running average for the first `memorySnapshots`, exponential after). Only rates when the client
 * was active are learned, so a client that comes once a day is judged by how it behaves when it
 * comes. Bounded: beyond `maxClients` the longest unseen client is forgotten (a Map keeps insertion
 * order and a snapshot re-inserts its client, so the first entry is always the longest unseen).
 */
export class OwnHistory {
  private readonly records = new Map<OwnHistoryKey, OwnRecord>();

  constructor(private readonly options: OwnHistoryOptions) {}

  /** Clients with a history. */
  get size(): number {
    return this.records.size;
  }

  /** Learns one snapshot of a client's window rate (req/s) taken at log second `second`. */
  record(key: OwnHistoryKey, rate: number, second: number): void {
    let r = this.records.get(key);
    if (r === undefined) {
      r = { snapshots: 0, mean: 0, variance: 0, lastSecond: second };
      if (this.records.size >= this.options.maxClients) this.forgetLongestUnseen();
    } else {
      this.records.delete(key);
    }
    r.snapshots++;
    const weight = 1 / Math.min(r.snapshots, this.options.memorySnapshots);
    const delta = rate - r.mean;
    r.mean += weight * delta;
    r.variance = (1 - weight) * (r.variance + weight * delta * delta);
    r.lastSecond = second;
    this.records.set(key, r);
  }

  /** The client's own statistics once it has `minSnapshots`; undefined before (or never seen). */
  stats(key: OwnHistoryKey): BaselineStats | undefined {
    const figures = this.peek(key);
    return figures !== undefined && figures.samples >= this.options.minSnapshots
      ? figures
      : undefined;
  }

  /** The client's figures however few its snapshots (for an operator's look); undefined if unseen. */
  peek(key: OwnHistoryKey): BaselineStats | undefined {
    const r = this.records.get(key);
    if (r === undefined) return undefined;
    return {
      mean: r.mean,
      stddev: Math.sqrt(Math.max(0, r.variance)),
      samples: r.snapshots,
      source: OWN_HISTORY_SOURCE,
    };
  }

  /** Forgets a client's history (it learns again from its next snapshot). */
  forget(key: OwnHistoryKey): void {
    this.records.delete(key);
  }

  /** Saved form: `[key, snapshots, mean, variance, lastSecond]` rows, longest unseen first. */
  toJSON(): [OwnHistoryKey, number, number, number, number][] {
    return [...this.records].map(([key, r]) => [
      key,
      r.snapshots,
      r.mean,
      r.variance,
      r.lastSecond,
    ]);
  }

  /** Restores a saved history; malformed rows are skipped (those clients learn again). */
  load(saved: unknown): void {
    if (!Array.isArray(saved)) return;
    for (const row of saved.slice(-this.options.maxClients)) {
      if (!Array.isArray(row) || row.length !== 5) continue;
      const [key, snapshots, mean, variance, lastSecond] = row as unknown[];
      if (typeof key !== "number" && typeof key !== "string") continue;
      const figures = [snapshots, mean, variance, lastSecond];
      if (!figures.every((x) => typeof x === "number" && Number.isFinite(x))) continue;
      if ((snapshots as number) < 1 || (mean as number) < 0 || (variance as number) < 0) continue;
      this.records.delete(key);
      this.records.set(key, {
        snapshots: snapshots as number,
        mean: mean as number,
        variance: variance as number,
        lastSecond: lastSecond as number,
      });
    }
  }

  /**
   * Forgets the longest unseen eighth at once: walking a Map from its start costs as much as the
   * holes earlier deletions left there, so that walk is paid once per batch, not per newcomer.
   */
  private forgetLongestUnseen(): void {
    let drop = Math.ceil(this.options.maxClients / 8);
    for (const key of this.records.keys()) {
      if (drop-- === 0) break;
      this.records.delete(key);
    }
  }
}
