import type { DetectorSettings } from "../../core/detector-settings";
import { BanContenders } from "./ban-contenders";
import { BanRecord } from "./ban-record";
import type { BreakerFigures } from "./decision";

const MINUTE_MS = 60_000;
/** Refused clients remembered for ranking while tripped. */
const MAX_CONTENDERS = 1024;

/** Why the breaker tripped, with the figures it judged. */
export interface BreakerTrip extends BreakerFigures {
  /** Log time of the trip (epoch ms). */
  readonly atMs: number;
}

/** A ban the engine asks for. */
export interface BanCandidate {
  /** The client's key (ranks it among the refused). */
  readonly id: number | string;
  /** The actor it belongs to (`banActor`): what the share counts. */
  readonly actor: number | string;
  /** Its evidence: window rate / the per-client mean it was judged against. */
  readonly score: number;
}

/** The answer to "may this ban go ahead?". */
export type BreakerGate = "allow" | "held" | BreakerTrip;

/** Saved form: a restart keeps a trip and how long ago its storm was last seen. */
export interface SavedBreaker {
  readonly trip: BreakerTrip | null;
  readonly held: number;
  readonly lastStormMs?: number;
}

/**
 * The false-positive storm breaker. A bad threshold must not ban the customers: at most
 * `max(minBans, maxShare × active clients)` actors per period and `maxPerMinute` bans per minute.
 * The ban that would break a limit trips it, and it then throttles rather than stops: within the
 * same budget it still bans the worst offenders — clients at least `throttleMinTimesMean` times the
 * per-client mean, the strongest first — and refuses the rest (they are judged again on their next
 * line). It resets itself once no period has asked for more than the budget for
 * `autoResetMinutes`, and on an operator's reset. Log time throughout, so replays agree.
 */
export class BanBreaker {
  private readonly record: BanRecord;
  private readonly contenders = new BanContenders(MAX_CONTENDERS);
  private trip: BreakerTrip | undefined;
  /** Actors refused or granted in the current storm period (tumbling, from the trip). */
  private readonly demand = new Set<number | string>();
  private stormPeriodStart = 0;
  private lastStormMs = 0;
  /** Bans granted while tripped. */
  throttledBans = 0;
  /** Trips lifted by the breaker itself. */
  autoResets = 0;

  constructor(private readonly s: DetectorSettings["breaker"]) {
    this.record = new BanRecord(s.periodSeconds * 1000);
  }

  /** The current trip, if tripped. */
  get tripped(): BreakerTrip | undefined {
    return this.trip;
  }

  /** Clients refused while tripped (at most 1,024 remembered). */
  get held(): number {
    return this.contenders.size;
  }

  /** Asks for one ban at log time `nowMs` with `activeClients` in the window; counts it if allowed. */
  admit(nowMs: number, activeClients: number, c: BanCandidate): BreakerGate {
    if (!this.s.enabled) return "allow";
    const r = this.record;
    r.advance(nowMs);
    const allowed = this.allowed(activeClients);
    const shareFull = !r.has(c.actor) && r.actorsInPeriod + 1 > allowed;
    const minuteFull = r.bansLastMinute + 1 > this.s.maxPerMinute;
    if (this.trip === undefined) {
      if (!shareFull && !minuteFull) {
        r.add(nowMs, c.actor);
        return "allow";
      }
      this.trip = {
        reason: shareFull ? "share" : "per-minute",
        atMs: nowMs,
        bansInPeriod: r.bansInPeriod,
        actorsInPeriod: r.actorsInPeriod,
        periodSeconds: this.s.periodSeconds,
        activeClients,
        maxShare: this.s.maxShare,
        allowed,
        bansLastMinute: r.bansLastMinute,
        maxPerMinute: this.s.maxPerMinute,
        throttleMinTimesMean: this.s.throttleMinTimesMean,
      };
      this.stormPeriodStart = nowMs;
      this.lastStormMs = nowMs;
      this.refuse(c, nowMs);
      return this.trip;
    }
    this.demand.add(c.actor);
    if (
      shareFull ||
      minuteFull ||
      c.score < this.s.throttleMinTimesMean ||
      this.contenders.outranks(c.id, c.score, nowMs)
    ) {
      this.refuse(c, nowMs);
      return "held";
    }
    r.add(nowMs, c.actor);
    this.contenders.delete(c.id);
    this.throttledBans++;
    return "allow";
  }

  /**
   * Call as log time passes (once a second is plenty): closes storm periods and, once none has asked
   * for more actors than the budget for `autoResetMinutes`, resets. Returns the trip it lifted.
   */
  expire(nowMs: number, activeClients: number): BreakerTrip | undefined {
    if (this.trip === undefined) return undefined;
    const periodMs = this.s.periodSeconds * 1000;
    if (nowMs >= this.stormPeriodStart + periodMs) {
      if (this.demand.size > this.allowed(activeClients))
        this.lastStormMs = this.stormPeriodStart + periodMs;
      this.demand.clear();
      const periods = Math.floor((nowMs - this.stormPeriodStart) / periodMs);
      this.stormPeriodStart += periods * periodMs;
    }
    const auto = this.s.autoResetMinutes * MINUTE_MS;
    if (auto === 0 || nowMs - this.lastStormMs < auto) return undefined;
    this.autoResets++;
    return this.reset();
  }

  /**
   * Lifts a trip (operator action or auto reset), forgets the refused clients and starts counting
   * afresh, so the decision is not undone by the bans that tripped it. Returns the lifted trip.
   */
  reset(): BreakerTrip | undefined {
    const was = this.trip;
    this.trip = undefined;
    this.contenders.clear();
    this.demand.clear();
    this.record.clear();
    return was;
  }

  /**
   * Log time went back to `nowMs` (the host's clock was put right): bans and refusals stamped
   * later are forgotten, and a trip's storm clock restarts there, so it still resets by itself.
   */
  rewind(nowMs: number): void {
    this.record.clear();
    this.contenders.clear();
    this.demand.clear();
    this.stormPeriodStart = Math.min(this.stormPeriodStart, nowMs);
    this.lastStormMs = Math.min(this.lastStormMs, nowMs);
  }

  /** Saved form (a restart keeps the trip; the storm's clock carries on in log time). */
  save(): SavedBreaker {
    return { trip: this.trip ?? null, held: this.held, lastStormMs: this.lastStormMs };
  }

  load(saved: unknown): void {
    const s = saved as Partial<SavedBreaker> | undefined;
    if (s?.trip === undefined || s.trip === null || typeof s.trip.atMs !== "number") return;
    // A trip saved before throttling existed lacks the newer figures: the current settings fill in.
    this.trip = {
      ...s.trip,
      actorsInPeriod: s.trip.actorsInPeriod ?? s.trip.bansInPeriod,
      throttleMinTimesMean: s.trip.throttleMinTimesMean ?? this.s.throttleMinTimesMean,
    };
    this.lastStormMs = typeof s.lastStormMs === "number" ? s.lastStormMs : s.trip.atMs;
    this.stormPeriodStart = this.lastStormMs;
  }

  private allowed(activeClients: number): number {
    return Math.max(this.s.minBans, Math.floor(this.s.maxShare * activeClients));
  }

  private refuse(c: BanCandidate, nowMs: number): void {
    this.demand.add(c.actor);
    this.contenders.note(c.id, c.score, nowMs);
  }
}
