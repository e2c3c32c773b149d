/**
 * The engine's output: a stream of decisions consumed by enforcement, alerts, the audit log and
 * `replay`. Field names are a public contract (scripts rely on `type`, `ip`, `rule`, `at`).
 */

/** The baseline a decision was judged against: learned figures, the figures used, their source. */
export interface BaselineEvidence {
  /** Mean and stddev used (learned, raised to the floors). */
  readonly mean: number;
  readonly stddev: number;
  readonly learnedMean: number;
  readonly learnedStddev: number;
  readonly floored: boolean;
  readonly samples: number;
  /** "rolling" or "hour-HH" (UTC hour-of-day slot). */
  readonly slot: string;
}

/** The client's own history at the ban: its figures, its limits, and what fired against them. */
export interface OwnHistoryEvidence extends BaselineEvidence {
  /** Rate above which the client breaks its own history (never above the site's `limitRps`). */
  readonly limitRps: number;
  readonly tightLimitRps: number;
  readonly zScore: number;
  /** Checks that fired against the own history (empty when the site's limits decided the ban). */
  readonly fired: readonly string[];
}

/** Why a client was banned. */
export interface ClientEvidence {
  /** Requests per second over the window. */
  readonly rate: number;
  readonly requests: number;
  readonly errors: number;
  readonly errorShare: number;
  readonly windowSeconds: number;
  readonly zScore: number;
  readonly baseline: BaselineEvidence;
  readonly thresholds: {
    readonly minRequests: number;
    readonly zScore: number | null;
    readonly multiplier: number | null;
    /** Rate above which the untightened rules fire. */
    readonly limitRps: number;
    /** Rate above which a client with a high error share is banned. */
    readonly tightLimitRps: number;
    readonly errorMinShare: number | null;
    readonly errorFactor: number;
    readonly tightened: boolean;
    /** Scale of the z-score and multiplier thresholds: below 1 while a global surge lasts. */
    readonly surgeFactor: number;
  };
  /** Every check that fired. */
  readonly fired: readonly string[];
  /**
   * The client's own history, when it had one (rules.ownHistory): `baseline` and `thresholds` above
   * are always the site's view of one client; a ban filed under `own-history` broke these instead.
   */
  readonly own?: OwnHistoryEvidence;
  /** A few of the client's log lines from the window (the last one triggered the ban). */
  readonly samples: readonly string[];
}

/** Ban a client (an address, or an IPv6/IPv4 prefix). */
export interface BanDecision {
  readonly type: "ban";
  /** "203.0.113.7", or a prefix such as "2001:db8:1:2::/64". */
  readonly ip: string;
  readonly family: 4 | 6;
  readonly prefix: number;
  readonly rule: string;
  /** Log time of the decision (ISO-8601). */
  readonly at: string;
  /** Escalation step reached (1 = first offence, after decay). */
  readonly step: number;
  /** null = permanent. */
  readonly durationSeconds: number | null;
  readonly until: string | null;
  /** Allowlisted addresses inside a banned prefix that enforcement must leave reachable. */
  readonly except: readonly string[];
  /** For a manual ban (rule `operator`): no traffic was judged, so the figures are zero. */
  readonly evidence: ClientEvidence;
  /** Who banned it by hand and why (`swiftdeploy ban`); absent for the rules' bans. */
  readonly operator?: OperatorAct;
}

/** An operator's hand on a ban: who (user@host) and why. */
export interface OperatorAct {
  readonly actor: string;
  readonly reason: string | null;
}

/** A ban has run its course. */
export interface UnbanDecision {
  readonly type: "unban";
  readonly ip: string;
  readonly family: 4 | 6;
  readonly prefix: number;
  readonly rule: string;
  /** When the ban was due to end (ISO-8601). */
  readonly at: string;
  readonly step: number;
  readonly bannedAt: string;
  /** Who lifted it (user@host), when an operator did. */
  readonly actor?: string;
}

/** Site-wide evidence for a global alert. */
export interface GlobalEvidence {
  readonly rate: number;
  readonly windowSeconds: number;
  readonly zScore: number;
  readonly limitRps: number;
  readonly activeClients: number;
  readonly ongoingSeconds: number;
  readonly baseline: BaselineEvidence;
  /** Busiest clients in the window. */
  readonly topClients: readonly { readonly ip: string; readonly requests: number }[];
}

/** A global alert (a distributed attack or a flash crowd); never bans anyone by itself. */
export interface AlertDecision {
  readonly type: "alert";
  readonly rule: string;
  readonly at: string;
  readonly evidence: GlobalEvidence;
}

/** Why the storm breaker tripped: its limits and the counts that crossed them. */
export interface BreakerFigures {
  readonly reason: "share" | "per-minute";
  readonly bansInPeriod: number;
  /** Distinct actors (a /48, an address) among those bans: what the share limits. */
  readonly actorsInPeriod: number;
  readonly periodSeconds: number;
  readonly activeClients: number;
  readonly maxShare: number;
  /** Actors the share allowed in the period (at least `minBans`). */
  readonly allowed: number;
  readonly bansLastMinute: number;
  readonly maxPerMinute: number;
  /** While tripped, only clients this many times the per-client mean rate are banned. */
  readonly throttleMinTimesMean: number;
}

/** The storm breaker's evidence: the limits, the counts, and the ban it refused. */
export interface BreakerEvidence extends BreakerFigures {
  /** The client whose ban tripped the breaker. */
  readonly candidate: {
    readonly ip: string;
    readonly rule: string;
    readonly rate: number;
    readonly requests: number;
    /** Its rate as a multiple of the per-client mean it was judged against. */
    readonly score: number;
  };
}

/**
 * The false-positive storm breaker tripped: bans are throttled (only the worst offenders, within
 * the budget) until the storm is over or an operator resets it.
 */
export interface BreakerAlertDecision {
  readonly type: "alert";
  readonly rule: "ban-breaker";
  readonly at: string;
  readonly evidence: BreakerEvidence;
}

/** The storm breaker reset itself: the storm had been over for `autoResetMinutes`. */
export interface BreakerResetDecision {
  readonly type: "alert";
  readonly rule: "ban-breaker-reset";
  readonly at: string;
  readonly evidence: {
    /** When it had tripped, and why. */
    readonly trippedAt: string;
    readonly reason: "share" | "per-minute";
    /** Bans granted to the worst offenders while it throttled (since the process started). */
    readonly throttledBans: number;
  };
}

/** Why lines went uncounted per client: the client table was full. */
export interface UntrackedEvidence {
  /** Lines counted only site-wide since the previous such alert. */
  readonly untrackedLines: number;
  readonly trackedClients: number;
  readonly maxClients: number;
  /** Busiest untracked sources in the heavy-hitter sketch: `lines` may exceed the truth by `overcount`. */
  readonly topSources: readonly {
    readonly ip: string;
    readonly lines: number;
    readonly overcount: number;
  }[];
  /** Prefixes merged into one client each, busiest first (at most 10). */
  readonly aggregatedPrefixes: readonly { readonly ip: string; readonly requests: number }[];
}

/** Lines went untracked because the client table was full (raised again while it lasts). */
export interface UntrackedAlertDecision {
  readonly type: "alert";
  readonly rule: "untracked-lines";
  readonly at: string;
  readonly evidence: UntrackedEvidence;
}

/** Evidence of a surge of lines the detector could not use. */
export interface BadLinesEvidence {
  /** Bad lines in the window, and all lines there. */
  readonly badLines: number;
  readonly lines: number;
  readonly share: number;
  readonly windowSeconds: number;
  /** Bad lines in the window by reason (tooLong, notJson, …). */
  readonly byReason: Readonly<Record<string, number>>;
  readonly minLines: number;
  readonly minShare: number;
  /** Who sent the most bad lines ("unknown": no readable address). */
  readonly topSources: readonly { readonly ip: string; readonly lines: number }[];
}

/** Many log lines could not be used (padding, garbage, a broken format): clients may be hidden. */
export interface BadLinesAlertDecision {
  readonly type: "alert";
  readonly rule: "bad-lines";
  readonly at: string;
  readonly evidence: BadLinesEvidence;
}

/** Anything the engine decides. */
export type Decision =
  | BanDecision
  | UnbanDecision
  | AlertDecision
  | BreakerAlertDecision
  | BreakerResetDecision
  | UntrackedAlertDecision
  | BadLinesAlertDecision;

/** Any alert. */
export type AnyAlertDecision =
  | AlertDecision
  | BreakerAlertDecision
  | BreakerResetDecision
  | UntrackedAlertDecision
  | BadLinesAlertDecision;

/** True for the storm breaker's alert (the other alerts carry site-wide evidence). */
export function isBreakerAlert(d: AnyAlertDecision): d is BreakerAlertDecision {
  return d.rule === "ban-breaker";
}

/** True for the storm breaker's own reset. */
export function isBreakerReset(d: AnyAlertDecision): d is BreakerResetDecision {
  return d.rule === "ban-breaker-reset";
}

/** True for the full client table's alert. */
export function isUntrackedAlert(d: AnyAlertDecision): d is UntrackedAlertDecision {
  return d.rule === "untracked-lines";
}

/** True for the bad-lines alert. */
export function isBadLinesAlert(d: AnyAlertDecision): d is BadLinesAlertDecision {
  return d.rule === "bad-lines";
}
