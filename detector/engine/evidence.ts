import type { BaselineStats } from "../baseline/baseline-stats";
import type { BreakerTrip } from "../decide/ban-breaker";
import type {
  AlertDecision,
  BanDecision,
  BadLinesAlertDecision,
  BaselineEvidence,
  BreakerAlertDecision,
  OwnHistoryEvidence,
  BreakerResetDecision,
  UnbanDecision,
  UntrackedAlertDecision,
  UntrackedEvidence,
} from "../decide/decision";
import type { BanTerm, Offender } from "../decide/ban-ledger";
import type { BadLineSurgeReport } from "../rules/bad-line-surge";
import type { ClientThresholds } from "../rules/client-thresholds";
import type { ClientVerdict } from "../rules/judge-client";
import type { SurgeChange } from "../rules/global-surge";
import { Rule } from "../rules/rule-names";

/** Three decimals: evidence is read by people. */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function baselineEvidence(
  learned: BaselineStats,
  mean: number,
  stddev: number,
  floored: boolean,
): BaselineEvidence {
  return {
    mean: round(mean),
    stddev: round(stddev),
    learnedMean: round(learned.mean),
    learnedStddev: round(learned.stddev),
    floored,
    samples: learned.samples,
    slot: learned.source,
  };
}

function ownHistoryEvidence(own: ClientThresholds, verdict: ClientVerdict): OwnHistoryEvidence {
  return {
    ...baselineEvidence(own.learned, own.mean, own.stddev, own.floored),
    limitRps: round(own.limitRps),
    tightLimitRps: round(own.tightLimitRps),
    zScore: round(verdict.own?.zScore ?? (verdict.rate - own.mean) / own.stddev),
    fired: verdict.own?.fired ?? [],
  };
}

/** The client a decision is about. */
export interface Subject {
  readonly ip: string;
  readonly family: 4 | 6;
  readonly prefix: number;
  readonly except: readonly string[];
}

/** A ban with its full evidence. */
export function banDecision(
  subject: Subject,
  atMs: number,
  term: BanTerm,
  verdict: ClientVerdict,
  counts: { requests: number; errors: number },
  t: ClientThresholds,
  samples: readonly string[],
  own?: ClientThresholds,
): BanDecision {
  return {
    type: "ban",
    ip: subject.ip,
    family: subject.family,
    prefix: subject.prefix,
    rule: verdict.rule,
    at: iso(atMs),
    step: term.step,
    durationSeconds: term.durationMs === null ? null : term.durationMs / 1000,
    until: term.durationMs === null ? null : iso(term.untilMs),
    except: subject.except,
    evidence: {
      rate: round(verdict.rate),
      requests: counts.requests,
      errors: counts.errors,
      errorShare: round(verdict.errorShare),
      windowSeconds: t.windowSeconds,
      zScore: round(verdict.zScore),
      baseline: baselineEvidence(t.learned, t.mean, t.stddev, t.floored),
      thresholds: {
        minRequests: t.minRequests,
        zScore: t.zScore,
        multiplier: t.multiplier,
        limitRps: round(t.limitRps),
        tightLimitRps: round(t.tightLimitRps),
        errorMinShare: t.errorMinShare,
        errorFactor: t.errorFactor,
        tightened: verdict.tightened,
        surgeFactor: t.surgeFactor,
      },
      fired: verdict.fired,
      ...(own === undefined ? {} : { own: ownHistoryEvidence(own, verdict) }),
      samples,
    },
  };
}

/** The end of a ban. */
export function unbanDecision(o: Offender): UnbanDecision {
  return {
    type: "unban",
    ip: o.ip,
    family: o.family,
    prefix: o.prefix,
    rule: Rule.BanExpired,
    at: iso(o.untilMs),
    step: o.step,
    bannedAt: iso(o.bannedAtMs),
  };
}

/** A ban lifted before its time by an operator (`at` is when it was lifted). */
export function liftDecision(
  o: Offender,
  atMs: number,
  rule: string,
  actor?: string,
): UnbanDecision {
  // not via unbanDecision: a permanent ban has no end time to format
  return {
    type: "unban",
    ip: o.ip,
    family: o.family,
    prefix: o.prefix,
    rule,
    at: iso(atMs),
    step: o.step,
    bannedAt: iso(o.bannedAtMs),
    ...(actor === undefined ? {} : { actor }),
  };
}

/** The storm breaker tripped on `candidate`'s ban. */
export function breakerDecision(
  trip: BreakerTrip,
  candidate: BreakerAlertDecision["evidence"]["candidate"],
): BreakerAlertDecision {
  const { atMs, ...figures } = trip;
  return {
    type: "alert",
    rule: Rule.BanBreaker,
    at: iso(atMs),
    evidence: {
      ...figures,
      candidate: { ...candidate, rate: round(candidate.rate), score: round(candidate.score) },
    },
  };
}

/** The storm breaker reset itself at log time `atMs`. */
export function breakerResetDecision(
  trip: BreakerTrip,
  atMs: number,
  throttledBans: number,
): BreakerResetDecision {
  return {
    type: "alert",
    rule: Rule.BanBreakerReset,
    at: iso(atMs),
    evidence: { trippedAt: iso(trip.atMs), reason: trip.reason, throttledBans },
  };
}

/** A global-surge alert (start, ongoing or end). */
export function alertDecision(
  change: SurgeChange,
  atMs: number,
  learned: BaselineStats,
  windowSeconds: number,
  activeClients: number,
  topClients: { ip: string; requests: number }[],
): AlertDecision {
  return {
    type: "alert",
    rule: change.kind === "end" ? Rule.GlobalSurgeEnd : Rule.GlobalSurge,
    at: iso(atMs),
    evidence: {
      rate: round(change.rate),
      windowSeconds,
      zScore: round(change.zScore),
      limitRps: round(change.limitRps),
      activeClients,
      ongoingSeconds: change.ongoingSeconds,
      baseline: baselineEvidence(learned, change.mean, change.stddev, change.floored),
      topClients,
    },
  };
}

/** Lines went untracked: the client table was full. */
export function untrackedDecision(
  atMs: number,
  evidence: UntrackedEvidence,
): UntrackedAlertDecision {
  return { type: "alert", rule: Rule.UntrackedLines, at: iso(atMs), evidence };
}

/** A bad-lines alert. */
export function badLinesDecision(
  report: BadLineSurgeReport,
  atMs: number,
  windowSeconds: number,
  limits: { readonly minLines: number; readonly minShare: number },
): BadLinesAlertDecision {
  return {
    type: "alert",
    rule: "bad-lines",
    at: iso(atMs),
    evidence: {
      badLines: report.badLines,
      lines: report.lines,
      share: round(report.lines > 0 ? report.badLines / report.lines : 1),
      windowSeconds,
      byReason: report.byReason,
      minLines: limits.minLines,
      minShare: limits.minShare,
      topSources: report.topSources,
    },
  };
}
