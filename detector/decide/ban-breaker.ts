import type { DetectorSettings } from "../../core/detector-settings";

const MINUTE_MS = 60_000;

/** Why the breaker tripped, with the figures it judged. */
export interface BreakerTrip {
  readonly reason: "share" | "per-minute";
  /** Log time of the trip (epoch ms). */
  readonly atMs: number;
  readonly bansInPeriod: number;
  readonly periodSeconds: number;
  readonly activeClients: number;
  readonly maxShare: number;
  /** Bans the share allowed in the period (at least `minBans`). */
  readonly allowed: number;
  readonly bansLastMinute: number;
  readonly maxPerMinute: number;
}

/** The answer to "may this ban go ahead?". */
export type BreakerGate = "allow" | "held" | BreakerTrip;

/**
 * The false-positive storm breaker: never more bans in a period than a share of the clients active
 * in the window (at least `minBans`), nor more than `maxPerMinute` in any minute. When a ban would
 * break either limit it trips: every further ban is held until the operator resets it (or, when
 * configured, until `autoResetMinutes` have passed). Log time throughout, so replays agree.
 */
export class BanBreaker {
  private times: number[] = [];
  private head = 0;
  private trip: BreakerTrip | undefined;
  /** Bans held since the breaker tripped. */
  held = 0;

  constructor(private readonly s: DetectorSettings["breaker"]) {}

  /** The current trip, if tripped. */
  get tripped(): BreakerTrip | undefined {
    return this.trip;
  }

  /** Asks for one ban at log time `nowMs` with `activeClients` in the window; counts it if allowed. */
  admit(nowMs: number, activeClients: number): BreakerGate {
    if (!this.s.enabled) return "allow";
    if (this.trip !== undefined) {
      const auto = this.s.autoResetMinutes * MINUTE_MS;
      if (auto > 0 && nowMs - this.trip.atMs >= auto) this.reset();
      else {
        this.held++;
        return "held";
      }
    }
    const keepMs = Math.max(this.s.periodSeconds * 1000, MINUTE_MS);
    while (this.head < this.times.length && this.times[this.head]! <= nowMs - keepMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    const inPeriod = this.countSince(nowMs - this.s.periodSeconds * 1000);
    const lastMinute = this.countSince(nowMs - MINUTE_MS);
    const allowed = Math.max(this.s.minBans, Math.floor(this.s.maxShare * activeClients));
    const reason =
      inPeriod + 1 > allowed
        ? "share"
        : lastMinute + 1 > this.s.maxPerMinute
          ? "per-minute"
          : undefined;
    if (reason === undefined) {
      this.times.push(nowMs);
      return "allow";
    }
    this.trip = {
      reason,
      atMs: nowMs,
      bansInPeriod: inPeriod,
      periodSeconds: this.s.periodSeconds,
      activeClients,
      maxShare: this.s.maxShare,
      allowed,
      bansLastMinute: lastMinute,
      maxPerMinute: this.s.maxPerMinute,
    };
    this.held = 1;
    return this.trip;
  }

  /**
   * Lifts a trip (operator action) and starts counting afresh, so the operator's decision is not
   * undone by the bans that tripped it. Returns the trip that was lifted.
   */
  reset(): BreakerTrip | undefined {
    const was = this.trip;
    this.trip = undefined;
    this.held = 0;
    this.times = [];
    this.head = 0;
    return was;
  }

  /** Saved form (survives restarts: a tripped breaker stays tripped). */
  save(): { trip: BreakerTrip | null; held: number } {
    return { trip: this.trip ?? null, held: this.held };
  }

  load(saved: unknown): void {
    const s = saved as { trip?: BreakerTrip | null; held?: number } | undefined;
    if (s?.trip !== undefined && s.trip !== null && typeof s.trip.atMs === "number") {
      this.trip = s.trip;
      this.held = typeof s.held === "number" ? s.held : 0;
    }
  }

  private countSince(fromMs: number): number {
    // times are in non-decreasing log order: binary search the first one after fromMs
    let lo = this.head;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! > fromMs) hi = mid;
      else lo = mid + 1;
    }
    return this.times.length - lo;
  }
}
