import type {
  AlertDecision,
  BadLinesAlertDecision,
  BanDecision,
  BreakerAlertDecision,
  BreakerResetDecision,
  UnbanDecision,
  UntrackedAlertDecision,
} from "../decide/decision";
import type { AlertItem } from "./alert-item";

/** "45 s", "10 min", "2 h", "3 d". */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round((seconds / 86_400) * 10) / 10} d`;
}

/** The one-line "why" of a ban: rule, rate, count, baseline, limit. */
export function banSummary(d: BanDecision): string {
  if (d.operator !== undefined)
    return `rule ${d.rule}: banned by hand by ${d.operator.actor}${d.operator.reason === null ? "" : `: ${d.operator.reason}`}`;
  const e = d.evidence;
  const b = e.baseline;
  const limit = e.thresholds.tightened ? e.thresholds.tightLimitRps : e.thresholds.limitRps;
  const own = e.own;
  if (d.rule === "own-history" && own !== undefined)
    return (
      `rule ${d.rule}: ${e.rate} req/s (${e.requests} requests in ${e.windowSeconds} s) vs its own ` +
      `history ${own.learnedMean} ± ${own.learnedStddev} req/s (${own.samples} snapshots` +
      `${own.floored ? `, floored to ${own.mean} ± ${own.stddev}` : ""}); own limit ` +
      `${own.limitRps} req/s (the site's per-client limit ${limit} req/s), z ${own.zScore}`
    );
  return (
    `rule ${d.rule}: ${e.rate} req/s (${e.requests} requests in ${e.windowSeconds} s` +
    `${e.errors > 0 ? `, ${Math.round(e.errorShare * 100)}% errors` : ""}) vs baseline ` +
    `${b.mean} ± ${b.stddev} req/s per client (${b.slot}${b.floored ? ", floored" : ""}); ` +
    `limit ${limit} req/s, z ${e.zScore}` +
    (e.thresholds.surgeFactor < 1
      ? ` (limits ×${e.thresholds.surgeFactor} during a global surge)`
      : "")
  );
}

/** A ban message. */
export function banAlert(d: BanDecision, enforcedBy: string): AlertItem {
  const length =
    d.durationSeconds === null ? "permanently" : `for ${formatDuration(d.durationSeconds)}`;
  const until = d.until === null ? "" : `, until ${d.until}`;
  return {
    category: "ban",
    key: d.ip,
    rule: d.rule,
    text:
      `:no_entry: *Banned ${d.ip}* ${length} (step ${d.step}${until}) via ${enforcedBy}\n` +
      banSummary(d),
  };
}

/** An unban message. */
export function unbanAlert(d: UnbanDecision): AlertItem {
  const by = d.actor === undefined ? "" : ` by ${d.actor}`;
  const why = d.rule === "ban-expired" ? "ban ended" : `lifted${by} (${d.rule})`;
  return {
    category: "unban",
    key: d.ip,
    rule: d.rule,
    text: `:white_check_mark: *Unbanned ${d.ip}*: ${why} at ${d.at} (step ${d.step}, banned at ${d.bannedAt})`,
  };
}

/** A global surge (or its end). */
export function surgeAlert(d: AlertDecision): AlertItem {
  const e = d.evidence;
  const top = e.topClients.map((c) => `${c.ip} (${c.requests})`).join(", ");
  const head =
    d.rule === "global-surge-end"
      ? `:large_green_circle: *Global surge over* after ${formatDuration(e.ongoingSeconds)}`
      : `:rotating_light: *Global surge*${e.ongoingSeconds > 0 ? ` (ongoing ${formatDuration(e.ongoingSeconds)})` : ""}`;
  return {
    category: "surge",
    rule: d.rule,
    text:
      `${head}: ${e.rate} req/s over ${e.windowSeconds} s vs baseline ` +
      `${e.baseline.mean} ± ${e.baseline.stddev} (${e.baseline.slot}); limit ${e.limitRps} req/s, ` +
      `z ${e.zScore}, ${e.activeClients} active clients. ` +
      (d.rule === "global-surge-end"
        ? "Per-client limits are back to normal."
        : "Nobody is banned for a surge alone; per-client limits are tightened while it lasts.") +
      (top === "" ? "" : `\nBusiest: ${top}`),
  };
}

/** The storm breaker tripped. */
export function breakerAlert(d: BreakerAlertDecision): AlertItem {
  const e = d.evidence;
  const limit =
    e.reason === "share"
      ? `${e.actorsInPeriod} actors banned in ${e.periodSeconds} s already; another would exceed ${Math.round(e.maxShare * 100)}% of ${e.activeClients} active clients (allowed ${e.allowed})`
      : `${e.bansLastMinute} bans in the last minute already; the cap is ${e.maxPerMinute}`;
  return {
    category: "breaker",
    rule: d.rule,
    text:
      `:octagonal_sign: *Ban breaker tripped* at ${d.at}: ${limit}. ` +
      `Bans are throttled: within the same budget only clients at ${e.throttleMinTimesMean}× a normal client's rate or more are banned, strongest first, ` +
      `until the storm is over or an operator runs \`swiftdeploy-detector breaker reset\`.\n` +
      `Refused: ${e.candidate.ip} (rule ${e.candidate.rule}, ${e.candidate.rate} req/s, ${e.candidate.score}× normal, ${e.candidate.requests} requests). ` +
      `Check the thresholds.`,
  };
}

/** The storm breaker reset itself. */
export function breakerResetAlert(d: BreakerResetDecision): AlertItem {
  return {
    category: "breaker",
    rule: d.rule,
    text:
      `:arrow_forward: *Ban breaker reset itself* at ${d.at}: the storm that tripped it at ` +
      `${d.evidence.trippedAt} (${d.evidence.reason}) is over; bans resume in full.`,
  };
}

/** The client table was full: some lines were counted only site-wide. */
export function untrackedAlert(d: UntrackedAlertDecision): AlertItem {
  const e = d.evidence;
  const top = e.topSources.map((t) => `${t.ip} (${t.lines})`).join(", ");
  const merged = e.aggregatedPrefixes.map((p) => p.ip).join(", ");
  return {
    category: "operations",
    rule: d.rule,
    text:
      `:warning: *Client table full* (${e.trackedClients} of ${e.maxClients} clients): ` +
      `${e.untrackedLines} lines counted only site-wide; heavy hitters among them are still ` +
      `admitted and judged.` +
      (top === "" ? "" : `\nBusiest untracked: ${top}`) +
      (merged === "" ? "" : `\nCounted as one client per prefix: ${merged}`),
  };
}

/** A surge of lines the detector could not use. */
export function badLinesAlert(d: BadLinesAlertDecision): AlertItem {
  const e = d.evidence;
  const reasons = Object.entries(e.byReason)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(", ");
  const top = e.topSources.map((s) => `${s.ip} (${s.lines})`).join(", ");
  return {
    category: "surge",
    rule: d.rule,
    text:
      `:warning: *Unreadable log lines* at ${d.at}: ${e.badLines} of ${e.lines} lines ` +
      `(${Math.round(e.share * 100)}%) in ${e.windowSeconds} s could not be used (${reasons}). ` +
      `Over-long lines still count for their client; unreadable ones hide who sent them.` +
      (top === "" ? "" : `\nMost from: ${top}`),
  };
}

/** `flush` lifted every ban. */
export function flushAlert(lifted: number, actor: string): AlertItem {
  return operationsAlert(
    `:broom: *Bans flushed* by ${actor}: ${lifted} lifted, rules and sets set up again (empty)`,
  );
}

/** An operator reset the tripped storm breaker. */
export function breakerResetByOperatorAlert(actor: string): AlertItem {
  return operationsAlert(`:arrow_forward: *Ban breaker reset* by ${actor}: bans resume.`);
}

/** An operational message (self-test, set fill, enforcement failures, operator actions). */
export function operationsAlert(text: string): AlertItem {
  return { category: "operations", text };
}
