import type { DetectorSettings } from "../../core/detector-settings";
import { MinHeap } from "./min-heap";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** What the ledger knows about one offender. */
export interface Offender {
  readonly ip: string;
  readonly family: 4 | 6;
  readonly prefix: number;
  /** Escalation step of the last ban (1-based). */
  step: number;
  lastOffenceMs: number;
  bannedAtMs: number;
  /** End of the current ban: 0 = not banned, Infinity = permanent. */
  untilMs: number;
  /** When the last ban ended (0 = never). */
  releasedMs: number;
}

/** The outcome of `ban`. */
export interface BanTerm {
  readonly step: number;
  readonly durationMs: number | null;
  readonly untilMs: number;
}

/**
 * Who is banned until when, and how far each offender has escalated (10 min, 30 min, 2 h, then
 * permanent by default). Escalation decays: each quiet period (`decayAfterHours`) since the last
 * ban ended takes one step off, so an old offender is not one burst from a permanent ban forever.
 */
export class BanLedger {
  private readonly offenders = new Map<string, Offender>();
  private readonly expiries = new MinHeap<Offender>();
  private activeCount = 0;

  constructor(private readonly bans: DetectorSettings["bans"]) {}

  /** Bans in force. */
  get active(): number {
    return this.activeCount;
  }

  /** Log time at which the next ban ends (Infinity when none). */
  get nextExpiryMs(): number {
    return this.expiries.peek();
  }

  isBanned(ip: string): boolean {
    const o = this.offenders.get(ip);
    return o !== undefined && o.untilMs !== 0;
  }

  get(ip: string): Offender | undefined {
    return this.offenders.get(ip);
  }

  /** The step an offender is at now, after decay (0 = clean). */
  effectiveStep(o: Offender, nowMs: number): number {
    const decayMs = this.bans.decayAfterHours * HOUR_MS;
    if (decayMs <= 0 || o.untilMs !== 0) return o.step;
    const quiet = Math.max(0, nowMs - Math.max(o.lastOffenceMs, o.releasedMs));
    return Math.max(0, o.step - Math.floor(quiet / decayMs));
  }

  /** Records an offence and returns the ban it earns. */
  ban(ip: string, family: 4 | 6, prefix: number, nowMs: number): BanTerm {
    const o = this.offender(ip, family, prefix, nowMs);
    const step = this.effectiveStep(o, nowMs) + 1;
    const steps = this.bans.stepsMinutes;
    const permanent = step > steps.length && this.bans.thenPermanent;
    const minutes = steps[Math.min(step, steps.length) - 1]!;
    return this.impose(o, step, nowMs, permanent ? null : minutes * MINUTE_MS);
  }

  /**
   * An operator's ban of a chosen length (null = permanent): it counts as an offence (the next
   * one escalates from it) but its length is the operator's, not the escalation step's.
   */
  banFor(
    ip: string,
    family: 4 | 6,
    prefix: number,
    nowMs: number,
    durationMs: number | null,
  ): BanTerm {
    const o = this.offender(ip, family, prefix, nowMs);
    return this.impose(o, this.effectiveStep(o, nowMs) + 1, nowMs, durationMs);
  }

  private offender(ip: string, family: 4 | 6, prefix: number, nowMs: number): Offender {
    let o = this.offenders.get(ip);
    if (o === undefined) {
      o = {
        ip,
        family,
        prefix,
        step: 0,
        lastOffenceMs: nowMs,
        bannedAtMs: nowMs,
        untilMs: 0,
        releasedMs: 0,
      };
      this.offenders.set(ip, o);
    }
    return o;
  }

  private impose(o: Offender, step: number, nowMs: number, durationMs: number | null): BanTerm {
    if (o.untilMs === 0) this.activeCount++;
    o.step = step;
    o.lastOffenceMs = nowMs;
    o.bannedAtMs = nowMs;
    o.untilMs = durationMs === null ? Number.POSITIVE_INFINITY : nowMs + durationMs;
    if (durationMs !== null) this.expiries.push(o.untilMs, o);
    return { step, durationMs, untilMs: o.untilMs };
  }

  /**
   * Holds a ban decided elsewhere (another node, through the shared ban list) until `untilMs`
   * (Infinity = permanent), unless a ban as long is in force here. Escalation is the deciding
   * node's business: a held ban counts as one offence here. True when the ledger changed.
   */
  hold(ip: string, family: 4 | 6, prefix: number, untilMs: number, nowMs: number): boolean {
    const known = this.offenders.get(ip);
    if (known !== undefined && known.untilMs >= untilMs) return false;
    const o = this.offender(ip, family, prefix, nowMs);
    if (o.untilMs === 0) {
      this.activeCount++;
      o.bannedAtMs = nowMs;
      o.step = Math.max(o.step, 1);
    }
    o.lastOffenceMs = nowMs;
    o.untilMs = untilMs;
    if (Number.isFinite(untilMs)) this.expiries.push(untilMs, o);
    return true;
  }

  /** Ends every ban due by `nowMs`, earliest first, calling `onUnban` for each. */
  expire(nowMs: number, onUnban: (o: Offender) => void): void {
    while (this.expiries.peek() <= nowMs) {
      const due = this.expiries.peek();
      const o = this.expiries.pop()!;
      if (o.untilMs !== due) continue; // superseded by a later ban
      onUnban(o);
      o.untilMs = 0;
      o.releasedMs = due;
      this.activeCount--;
    }
  }

  /**
   * After the clock stepped back: a ban that ends further from `nowMs` than its own length (plus
   * `slackMs`) was timed by a clock that ran ahead, so it ends one length from now instead.
   * Returns how many were shortened.
   */
  rebase(nowMs: number, slackMs: number): number {
    let shortened = 0;
    for (const o of this.offenders.values()) {
      if (o.untilMs === 0 || !Number.isFinite(o.untilMs)) continue;
      const steps = this.bans.stepsMinutes;
      const lengthMs = steps[Math.min(o.step, steps.length) - 1]! * MINUTE_MS;
      if (o.untilMs <= nowMs + lengthMs + slackMs) continue;
      o.untilMs = nowMs + lengthMs;
      o.bannedAtMs = Math.min(o.bannedAtMs, nowMs);
      this.expiries.push(o.untilMs, o);
      shortened++;
    }
    return shortened;
  }

  /** Lifts a ban at `nowMs` (operator action); false when the address was not banned. */
  lift(ip: string, nowMs: number): boolean {
    const o = this.offenders.get(ip);
    if (o === undefined || o.untilMs === 0) return false;
    o.untilMs = 0;
    o.releasedMs = nowMs;
    this.activeCount--;
    return true;
  }

  /** Forgets offenders that are not banned and have decayed back to a clean record. */
  prune(nowMs: number): void {
    for (const [ip, o] of this.offenders) {
      if (o.untilMs === 0 && this.effectiveStep(o, nowMs) === 0) this.offenders.delete(ip);
    }
  }

  /** Every offender (saved state, dashboards). */
  list(): Offender[] {
    return [...this.offenders.values()];
  }

  /** Saved form (JSON-safe: permanent bans have `untilMs: null`). */
  save(): object[] {
    return this.list().map((o) => ({
      ...o,
      untilMs: Number.isFinite(o.untilMs) ? o.untilMs : null,
    }));
  }

  /** Restores saved offenders; malformed entries are skipped. */
  load(saved: unknown): void {
    if (!Array.isArray(saved)) return;
    for (const raw of saved as Partial<Record<keyof Offender, unknown>>[]) {
      const { ip, family, prefix, step, lastOffenceMs, bannedAtMs, untilMs, releasedMs } = raw;
      if (typeof ip !== "string" || (family !== 4 && family !== 6) || typeof prefix !== "number")
        continue;
      if (
        typeof step !== "number" ||
        typeof lastOffenceMs !== "number" ||
        typeof bannedAtMs !== "number"
      )
        continue;
      const until =
        untilMs === null ? Number.POSITIVE_INFINITY : typeof untilMs === "number" ? untilMs : 0;
      const released = typeof releasedMs === "number" ? releasedMs : 0;
      const o: Offender = {
        ip,
        family,
        prefix,
        step,
        lastOffenceMs,
        bannedAtMs,
        untilMs: until,
        releasedMs: released,
      };
      this.offenders.set(ip, o);
      if (until !== 0) this.activeCount++;
      if (until !== 0 && Number.isFinite(until)) this.expiries.push(until, o);
    }
  }
}
