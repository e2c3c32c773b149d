import type { Clock } from "../../core/clock";
import type { DetectorSettings } from "../../core/detector-settings";
import { Allowlist } from "../address/allowlist";
import { ClientKeyer, displayKey, keyCidr, keyOfDisplay } from "../address/client-key";
import { sameBytes, TrustedPeers } from "../address/trusted-peers";
import { Baseline, type SavedBaseline } from "../baseline/baseline";
import { trimmedMoments } from "../baseline/moments";
import { banActor } from "../decide/ban-actor";
import { BanBreaker, type BreakerTrip } from "../decide/ban-breaker";
import { BanLedger, type Offender } from "../decide/ban-ledger";
import type { BanDecision, Decision, UnbanDecision } from "../decide/decision";
import { BadLine } from "../parse/bad-line-reason";
import { scanLeadingFields } from "../parse/leading-fields";
import { LineFields } from "../parse/line-fields";
import { scanLine } from "../parse/line-scanner";
import { isUtf8Line } from "../parse/utf8";
import { BadLineSurge } from "../rules/bad-line-surge";
import { clientThresholds, type ClientThresholds } from "../rules/client-thresholds";
import { GlobalSurgeRule, type SurgeChange } from "../rules/global-surge";
import { judgeClient, judgeOwnHistory } from "../rules/judge-client";
import { Rule } from "../rules/rule-names";
import { bucketLayout, type BucketLayout } from "../window/bucket-layout";
import { ClientTable, NO_OWN_LIMIT, SlotFlag } from "../window/client-table";
import { GlobalWindow } from "../window/global-window";
import { TablePressure } from "../window/table-pressure";
import { BadLineSampler, type BadLineSample } from "./bad-line-sampler";
import { busiestClients, sweepClients } from "./client-sweep";
import { engineStats, newCounters, type EngineCounters, type EngineStats } from "./engine-stats";
import { engineView, ownHistoryView, type EngineView, type OwnHistoryView } from "./engine-view";
import {
  alertDecision,
  badLinesDecision,
  banDecision,
  breakerDecision,
  breakerResetDecision,
  liftDecision,
  unbanDecision,
  untrackedDecision,
} from "./evidence";
import { DecisionTally } from "./decision-tally";
import { operatorBanDecision, operatorBanTarget, type OperatorBanRequest } from "./operator-ban";
import { SampleLines } from "./sample-lines";
import { untrackedEvidence } from "./untracked-evidence";

/** Recomputes come faster until the per-client baseline has this many snapshots. */
const WARMUP_SNAPSHOTS = 6;
const SAMPLE_LINES = 3;
const SAMPLE_CHARS = 512;

/** What the engine needs from its host. */
export interface EngineOptions {
  readonly settings: DetectorSettings;
  /** The host's own addresses: never banned. */
  readonly hostAddresses?: readonly string[];
  readonly onDecision: (decision: Decision) => void;
  readonly onBadLine?: (sample: BadLineSample) => void;
  /**
   * The host's clock: a line stamped more than `clockSkewSeconds` ahead of it counts at that limit
   * (live: the wall clock; replay: the log file's modification time). None: log time is unbounded.
   */
  readonly clock?: Clock;
}

/**
 * The detection pipeline free of I/O: lines in (bytes), decisions out. Parse → key (allowlist,
 * prefix) → sliding windows → baseline → rules → ban ledger. Time is the log's own, so a replay
 * decides exactly as the live daemon did; `tick` lets bans end on wall time when the log is quiet.
 */
export class DetectorEngine {
  readonly baseline: Baseline;
  readonly ledger: BanLedger;
  readonly breaker: BanBreaker;
  private readonly s: DetectorSettings;
  private readonly fields = new LineFields();
  private readonly allowlist: Allowlist;
  private readonly trusted: TrustedPeers;
  private readonly keyer: ClientKeyer;
  private readonly layout: BucketLayout;
  private table: ClientTable;
  private global: GlobalWindow;
  private pressure: TablePressure;
  private readonly surge: GlobalSurgeRule;
  private readonly bad: BadLineSampler;
  private badSurge: BadLineSurge;
  private readonly emit: (decision: Decision) => void;
  private samples = new SampleLines(SAMPLE_LINES, SAMPLE_CHARS);
  private readonly clock: Clock | undefined;
  private readonly skewMs: number;
  /** Log times up to this pass unchecked; past it the clock is read again (once per skew at most). */
  private ceilingMs: number;
  private lastTickMs = Number.NEGATIVE_INFINITY;
  private readonly sampleFrom: number;
  private readonly warmupSeconds: number;
  private thresholds: ClientThresholds;
  private rates = new Float64Array(1024);
  /** Each slot's own-history limits, valid while the table's `ownJudgeAt` is not NO_OWN_LIMIT. */
  private ownLimits: (ClientThresholds | undefined)[] = [];
  private second = Number.NEGATIVE_INFINITY;
  /** Requests (of clients not banned) in the current log second; added to the window as it ends. */
  private secondCount = 0;
  private nextRecompute = Number.POSITIVE_INFINITY;
  private logNowMs = Number.NEGATIVE_INFINITY;
  private lastV4Id = Number.NaN;
  private lastV4Slot = -1;
  private readonly c: EngineCounters = newCounters();
  private readonly tally = new DecisionTally();

  constructor(options: EngineOptions) {
    const s = options.settings;
    this.s = s;
    this.emit = (decision) => {
      this.tally.record(decision);
      options.onDecision(decision);
    };
    this.clock = options.clock;
    this.skewMs = s.clockSkewSeconds * 1000;
    this.ceilingMs = this.clock === undefined ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    // Trusted proxies are never banned, in replay as live: the rule lives here, not in the daemon.
    this.allowlist = new Allowlist(
      [...s.allowlist, ...s.trustedProxies],
      options.hostAddresses ?? [],
    );
    this.trusted = new TrustedPeers(s.trustedProxies);
    this.keyer = new ClientKeyer(this.allowlist, s.ipv4Prefix, s.ipv6Prefix);
    this.layout = bucketLayout(s.windowSeconds);
    this.table = new ClientTable(this.layout, s.tracking.maxClients);
    this.global = new GlobalWindow(this.layout);
    this.pressure = this.newPressure();
    this.baseline = new Baseline(s.baseline, s.rules.ownHistory);
    this.surge = new GlobalSurgeRule(s);
    this.ledger = new BanLedger(s.bans);
    this.breaker = new BanBreaker(s.breaker);
    this.bad = new BadLineSampler(s.badLines.samplesPerMinute, options.onBadLine);
    this.badSurge = new BadLineSurge(s.badLines.surge, s.windowSeconds);
    this.thresholds = clientThresholds(this.baseline.client.stats(0), s);
    this.sampleFrom = Math.max(1, s.rules.minRequests - SAMPLE_LINES + 1);
    const warmup = Math.max(5, Math.ceil(s.windowSeconds / WARMUP_SNAPSHOTS));
    this.warmupSeconds = Math.min(s.baseline.recomputeSeconds, warmup);
  }

  /** Feeds one log line `buf[start, end)` (without its newline); `ascii`: known to be ASCII. */
  line(buf: Buffer, start: number, end: number, ascii = false): void {
    this.c.lines++;
    const f = this.fields;
    let code = scanLine(buf, start, end, f);
    if (code === BadLine.Ok && !this.readClient(f)) code = BadLine.BadAddress;
    if (code === BadLine.Ok) this.count(f.timeMs, f.status >= 400, buf, start, end);
    // An invalid byte is reported, yet a readable request still counted: a bad byte hides no one.
    if (!ascii && !isUtf8Line(buf, start, end)) code = BadLine.InvalidUtf8;
    if (code !== BadLine.Ok) this.badLine(code, buf, start, end, end - start);
  }

  /**
   * A line too long to keep (`prefix` is its start): reported as too long, and counted for its
   * client when its leading fields are readable, so padding a request hides no one.
   */
  longLine(prefix: Buffer, length: number): void {
    this.c.lines++;
    const f = this.fields;
    if (scanLeadingFields(prefix, 0, prefix.length, f) === BadLine.Ok && this.readClient(f))
      this.count(f.timeMs, f.status >= 400, prefix, 0, prefix.length);
    this.badLine(BadLine.TooLong, prefix, 0, prefix.length, length);
  }

  /**
   * Live mode: ends bans that are due by wall time `nowMs` even when no line arrives. On the first
   * tick and whenever the clock went back, bans timed by a clock that ran ahead are shortened; when
   * log time ran ahead of the clock, the windows start again from the clock's time.
   */
  tick(nowMs: number): void {
    if (nowMs + this.skewMs < this.lastTickMs || this.lastTickMs === Number.NEGATIVE_INFINITY)
      this.ledger.rebase(nowMs, this.skewMs);
    if (nowMs + this.skewMs < this.logNowMs) this.rewind(nowMs);
    this.lastTickMs = nowMs;
    if (nowMs >= this.ledger.nextExpiryMs) this.expire(nowMs);
  }

  /** Counters for the summary line and the dashboard. */
  stats(): EngineStats {
    return engineStats(
      this.c,
      this.bad,
      this.table.size,
      this.ledger.active,
      this.logNowMs,
      this.pressure,
      this.tally,
    );
  }

  /** The baseline in its saved form. */
  saveBaseline(): SavedBaseline {
    return this.baseline.save(Number.isFinite(this.logNowMs) ? this.logNowMs : 0);
  }

  /** Restores a saved baseline, ban ledger and breaker (call before the first line). */
  restore(saved: { baseline?: unknown; bans?: unknown; breaker?: unknown }): boolean {
    this.ledger.load(saved.bans);
    this.breaker.load(saved.breaker);
    return this.baseline.load(saved.baseline);
  }

  /** Lifts a ban now (operator action) and emits its unban; undefined when `ip` was not banned. */
  lift(ip: string, nowMs: number, rule: string, actor?: string): UnbanDecision | undefined {
    const o = this.ledger.get(ip);
    if (o === undefined || o.untilMs === 0) return undefined;
    const decision = liftDecision(o, nowMs, rule, actor);
    this.ledger.lift(ip, nowMs);
    this.clearFlag(ip, SlotFlag.Banned);
    this.c.unbans++;
    this.emit(decision);
    return decision;
  }

  /**
   * Bans an address or prefix by hand for the operator's length (rule `operator`), past the
   * breaker; throws BanRefusedError for an allowlisted, loopback or host address.
   */
  operatorBan(request: OperatorBanRequest, nowMs: number): BanDecision {
    const target = operatorBanTarget(request.ip, this.allowlist);
    const durationMs = request.durationSeconds === null ? null : request.durationSeconds * 1000;
    const term = this.ledger.banFor(target.ip, target.family, target.prefix, nowMs, durationMs);
    this.setFlag(target.ip, SlotFlag.Banned);
    this.c.bans++;
    const decision = operatorBanDecision(target, nowMs, term, {
      actor: request.actor,
      reason: request.reason,
    });
    this.emit(decision);
    return decision;
  }

  /** Resets a tripped storm breaker (operator action). Returns the lifted trip. */
  resetBreaker(): BreakerTrip | undefined {
    return this.breaker.reset();
  }

  /** The site's requests per second over the window (cheap: for a per-second chart). */
  globalRate(): number {
    return this.global.rate();
  }

  /** What the dashboard shows: rates, baselines, thresholds and the `top` busiest clients. */
  view(top: number): EngineView {
    return engineView(
      this.table,
      this.layout,
      this.second,
      top,
      this.global.rate(),
      this.baseline,
      this.thresholds,
      this.logNowMs,
    );
  }

  /** What the client under ban key `ip` normally does by its own history (null: none yet). */
  ownHistoryOf(ip: string): OwnHistoryView | null {
    const key = keyOfDisplay(ip);
    if (key === undefined || key.prefix !== this.basePrefix(key.id)) return null;
    const learned = this.baseline.own.stats(key.id);
    const own =
      learned === undefined ? undefined : clientThresholds(learned, this.s, this.surge.active);
    const { minSnapshots } = this.s.rules.ownHistory;
    return ownHistoryView(this.baseline.own.peek(key.id), own, this.thresholds, minSnapshots);
  }

  /**
   * Keys the line's client: its address, unless the line names a connecting peer that differs and
   * is no trusted proxy — then that peer, who alone could have sent it (Nginx trusting more than the
   * detector, or a forged line, cannot hide a sender behind another address).
   */
  private readClient(f: LineFields): boolean {
    if (
      f.peerStart >= 0 &&
      !sameBytes(f.ipBuf, f.ipStart, f.ipEnd, f.peerBuf, f.peerStart, f.peerEnd) &&
      !this.trusted.trusts(f.peerBuf, f.peerStart, f.peerEnd)
    )
      return this.keyer.read(f.peerBuf, f.peerStart, f.peerEnd);
    return this.keyer.read(f.ipBuf, f.ipStart, f.ipEnd);
  }

  /** Counts and samples a bad line; a surge of them is an alert naming who sent them. */
  private badLine(code: BadLine, buf: Buffer, start: number, end: number, bytes: number): void {
    this.bad.record(code, buf, start, end, bytes, this.second);
    const f = this.fields;
    const known = code !== BadLine.BadAddress && f.ipEnd > f.ipStart;
    const report = this.badSurge.record(
      code,
      f.ipBuf,
      f.ipStart,
      known ? f.ipEnd : f.ipStart,
      this.c.lines,
    );
    if (report === undefined) return;
    this.c.alerts++;
    const at = Number.isFinite(this.logNowMs) ? this.logNowMs : 0;
    this.emit(badLinesDecision(report, at, this.s.windowSeconds, this.s.badLines.surge));
  }

  private count(ms: number, isError: boolean, buf: Buffer, start: number, end: number): void {
    if (ms > this.ceilingMs) ms = this.clampToClock(ms);
    const second = Math.floor(ms / 1000);
    if (ms > this.logNowMs) this.logNowMs = ms;
    if (Number.isNaN(this.c.firstMs)) this.c.firstMs = ms;
    if (second > this.second) this.advanceTo(second);
    if (this.logNowMs >= this.ledger.nextExpiryMs) this.expire(this.logNowMs);
    const keyer = this.keyer;
    const table = this.table;
    let slot: number;
    if (keyer.family === 4 && keyer.v4Id === this.lastV4Id) {
      slot = this.lastV4Slot; // consecutive lines of one client (page loads, floods) skip the map
    } else {
      slot = keyer.family === 4 ? table.findV4(keyer.v4Id) : table.findV6(keyer.v6Id);
      if (slot < 0) slot = this.addClient(second);
      if (keyer.family === 4 && slot >= 0) {
        this.lastV4Id = keyer.v4Id;
        this.lastV4Slot = slot;
      }
    }
    if (slot < 0) {
      this.c.untrackedLines++;
      this.secondCount++;
      return;
    }
    if (!table.hit(slot, second, isError)) this.c.lateLines++;
    const flags = table.flags[slot]!;
    if ((flags & SlotFlag.Banned) === 0) {
      this.secondCount++;
    }
    if (flags !== 0) return;
    const total = table.totals[slot]!;
    if (total >= this.sampleFrom) this.samples.capture(slot, buf, start, end);
    if (total >= this.thresholds.judgeCount || total >= table.ownJudgeAt[slot]!)
      this.judge(slot, buf, start, end);
  }

  /** A line stamped past the cached ceiling: re-read the clock; beyond clock + skew it is early. */
  private clampToClock(ms: number): number {
    this.ceilingMs = this.clock!.now() + this.skewMs;
    if (ms <= this.ceilingMs) return ms;
    this.c.earlyLines++;
    return this.ceilingMs;
  }

  /**
   * Log time ran ahead of a clock that stepped back: windows (and the storm breaker's clock)
   * restart at the clock's time.
   */
  private rewind(nowMs: number): void {
    this.logNowMs = nowMs + this.skewMs;
    this.ceilingMs = Number.NEGATIVE_INFINITY;
    this.breaker.rewind(this.logNowMs);
    this.table = new ClientTable(this.layout, this.s.tracking.maxClients);
    this.ownLimits = [];
    this.global = new GlobalWindow(this.layout);
    this.pressure = this.newPressure(this.pressure);
    this.samples = new SampleLines(SAMPLE_LINES, SAMPLE_CHARS);
    this.badSurge = new BadLineSurge(this.s.badLines.surge, this.s.windowSeconds);
    this.second = Number.NEGATIVE_INFINITY;
    this.secondCount = 0;
    this.lastV4Id = Number.NaN;
  }

  /** What the full table does, on the current table; the totals of `before` carry on. */
  private newPressure(before?: TablePressure): TablePressure {
    const s = this.s;
    const pressure = new TablePressure(
      this.table,
      this.layout,
      s.tracking,
      { ipv4: s.ipv4Prefix, ipv6: s.ipv6Prefix },
      {
        onEvict: (slot) => this.samples.drop(slot),
        isBanned: (id, prefix) =>
          this.ledger.active > 0 &&
          this.ledger.isBanned(displayKey({ family: typeof id === "number" ? 4 : 6, id, prefix })),
      },
    );
    if (before !== undefined) pressure.carryTotals(before);
    return pressure;
  }

  private addClient(second: number): number {
    const keyer = this.keyer;
    const allowed = keyer.isAllowed();
    const id = keyer.family === 4 ? keyer.v4Id : keyer.v6Id;
    const merged = allowed ? -1 : this.pressure.aggregateOf(id, keyer.prefix);
    if (merged >= 0) return merged;
    let slot = this.table.add(id, keyer.prefix, 0);
    if (slot < 0) {
      this.lastV4Id = Number.NaN; // making room may evict or merge the cached client
      slot = this.pressure.admit(id, keyer.prefix, second);
      if (slot < 0 || this.pressure.isAggregate(slot)) return slot;
    }
    let flags = allowed ? SlotFlag.Allowed : 0;
    if (!allowed && this.ledger.active > 0 && this.ledger.isBanned(displayKey(keyer.current())))
      flags |= SlotFlag.Banned;
    this.table.flags[slot] = flags;
    if (!allowed) this.setOwnLimits(slot);
    if (this.table.size > this.c.peakClients) this.c.peakClients = this.table.size;
    return slot;
  }

  private judge(slot: number, buf: Buffer, start: number, end: number): void {
    const table = this.table;
    const requests = table.totals[slot]!;
    const errors = table.errorTotals[slot]!;
    let own: ClientThresholds | undefined;
    let verdict = judgeClient(requests, errors, this.thresholds);
    if (verdict === undefined) {
      if (table.ownJudgeAt[slot] === NO_OWN_LIMIT) return;
      own = this.ownLimits[slot];
      if (own !== undefined) verdict = judgeOwnHistory(requests, errors, own, this.thresholds);
      if (verdict === undefined) return;
    }
    const key = table.clientKey(slot)!; // not the line's key: the slot may hold a merged prefix
    // A refused client is not flagged: it is judged again on its next line, with fresh evidence.
    const score = verdict.rate / this.thresholds.mean;
    const actor = banActor(key.id, key.prefix, this.s.breaker.actorPrefix);
    const gate = this.breaker.admit(this.logNowMs, table.size, { id: key.id, actor, score });
    if (gate === "held") return;
    const ip = displayKey(key);
    if (gate !== "allow") {
      this.c.alerts++;
      const rate = verdict.rate;
      this.emit(breakerDecision(gate, { ip, rule: verdict.rule, rate, requests, score }));
      return;
    }
    const host = key.prefix === (key.family === 4 ? 32 : 128);
    const except = host ? [] : this.allowlist.entriesWithin(keyCidr(key));
    const term = this.ledger.ban(ip, key.family, key.prefix, this.logNowMs);
    table.flags[slot] = table.flags[slot]! | SlotFlag.Banned;
    if (verdict.rule === Rule.OwnHistory) {
      // The client changed: banned once for it, then judged by the site's limits while its own
      // history learns the new normal — never banned again and again up the ladder for the change.
      this.baseline.own.forget(key.id);
      table.ownJudgeAt[slot] = NO_OWN_LIMIT;
    }
    const lines = this.samples.take(slot, buf, start, end);
    own ??= this.ownThresholds(slot);
    this.c.bans++;
    const subject = { ip, family: key.family, prefix: key.prefix, except };
    this.emit(
      banDecision(
        subject,
        this.logNowMs,
        term,
        verdict,
        { requests, errors },
        this.thresholds,
        lines,
        own,
      ),
    );
  }

  /**
   * The limits of a client's own history (rules.ownHistory), when it has one that may judge it:
   * only clients keyed by their own address or /64 have one, never a merged prefix.
   */
  private ownThresholds(slot: number): ClientThresholds | undefined {
    if (!this.s.rules.ownHistory.enabled) return undefined;
    const key = this.table.keyOf(slot);
    if (key === undefined || this.table.prefixes[slot] !== this.basePrefix(key)) return undefined;
    const learned = this.baseline.own.stats(key);
    return learned === undefined ? undefined : clientThresholds(learned, this.s, this.surge.active);
  }

  /**
   * Caches a client's own limits in its slot (judging a client on every line must not rebuild
   * them) and the request count from which the hot path judges it by them.
   */
  private setOwnLimits(slot: number): void {
    const own = this.ownThresholds(slot);
    this.ownLimits[slot] = own;
    this.table.ownJudgeAt[slot] =
      own === undefined ? NO_OWN_LIMIT : Math.min(own.judgeCount, NO_OWN_LIMIT);
  }

  private basePrefix(key: number | string): number {
    return typeof key === "number" ? this.s.ipv4Prefix : this.s.ipv6Prefix;
  }

  /**
   * Each active client that the site's view judges normal teaches its own history its window rate
   * (banned and allowlisted clients and merged prefixes do not; nor does anyone while a global
   * surge lasts: the caller checks).
   */
  private learnOwnHistory(second: number): void {
    if (!this.s.rules.ownHistory.enabled) return;
    const table = this.table;
    const siteLimit = this.thresholds.limitRps;
    for (let slot = 0; slot < table.limit; slot++) {
      const key = table.keyOf(slot);
      if (key === undefined || table.flags[slot] !== 0) continue;
      const total = table.totals[slot]!;
      if (total === 0 || table.prefixes[slot] !== this.basePrefix(key)) continue;
      const rate = total / this.layout.windowSeconds;
      if (rate < siteLimit) this.baseline.own.record(key, rate, second);
    }
  }

  /** Brings every tracked client's own-history limit up to the current thresholds. */
  private refreshOwnLimits(): void {
    if (!this.s.rules.ownHistory.enabled || this.baseline.own.size === 0) return;
    const table = this.table;
    for (let slot = 0; slot < table.limit; slot++) {
      if (table.keyOf(slot) === undefined || (table.flags[slot]! & SlotFlag.Allowed) !== 0)
        continue;
      this.setOwnLimits(slot);
    }
  }

  private setFlag(ip: string, flag: number): void {
    const key = keyOfDisplay(ip);
    if (key === undefined) return;
    const slot =
      key.family === 4 ? this.table.findV4(key.id as number) : this.table.findV6(key.id as string);
    if (slot >= 0) this.table.flags[slot] = this.table.flags[slot]! | flag;
  }

  private clearFlag(ip: string, flag: number): void {
    const key = keyOfDisplay(ip);
    if (key === undefined) return;
    const slot =
      key.family === 4 ? this.table.findV4(key.id as number) : this.table.findV6(key.id as string);
    if (slot >= 0) this.table.flags[slot] = this.table.flags[slot]! & ~flag;
  }

  private expire(nowMs: number): void {
    this.ledger.expire(nowMs, (o: Offender) => {
      this.clearFlag(o.ip, SlotFlag.Banned);
      this.c.unbans++;
      this.emit(unbanDecision(o));
    });
  }

  private advanceTo(second: number): void {
    if (this.second === Number.NEGATIVE_INFINITY) {
      this.second = second;
      this.global.advance(second);
      this.badSurge.advance(second, this.c.lines - 1);
      this.refresh(second);
      this.nextRecompute = second + this.warmupSeconds;
      return;
    }
    this.global.hit(this.second, this.secondCount);
    if (!this.surge.active) {
      this.baseline.global.record(this.second, this.secondCount);
      const gap = second - this.second - 1;
      if (gap > 0) this.baseline.global.recordZeros(this.second + 1, Math.min(gap, 86_400));
    }
    this.secondCount = 0;
    this.second = second;
    this.global.advance(second);
    this.badSurge.advance(second, this.c.lines - 1);
    if (second >= this.nextRecompute) this.recompute(second);
    const change = this.surge.check(second, this.global.rate());
    if (change !== undefined) {
      // A surge's start or end moves the per-client limits (rules.globalSurge.tightenFactor).
      if (change.kind !== "ongoing") this.refreshClientThresholds(second);
      this.alert(change, second);
    }
    if (this.breaker.tripped !== undefined) {
      const lifted = this.breaker.expire(this.logNowMs, this.table.size);
      if (lifted !== undefined) {
        this.c.alerts++;
        this.emit(breakerResetDecision(lifted, this.logNowMs, this.breaker.throttledBans));
      }
    }
    const untracked = this.pressure.report(second);
    if (untracked !== undefined) {
      this.c.alerts++;
      this.emit(untrackedDecision(this.logNowMs, untrackedEvidence(untracked, this.table, this.s)));
    }
  }

  private recompute(second: number): void {
    if (this.rates.length < this.table.limit) this.rates = new Float64Array(this.table.limit * 2);
    this.lastV4Id = Number.NaN; // the sweep may evict the cached client
    const sweep = sweepClients(
      this.table,
      this.layout,
      second,
      this.idleSeconds(),
      this.rates,
      (slot) => {
        this.samples.drop(slot);
        this.pressure.evictedSlot(slot);
      },
    );
    if (!this.surge.active) {
      const snapshot = trimmedMoments(this.rates, sweep.judgeable, this.s.baseline.trimTopShare);
      this.baseline.client.record(second, snapshot);
      this.learnOwnHistory(second);
    }
    this.refresh(second);
    this.ledger.prune(this.logNowMs);
    const warming = this.baseline.client.snapshots < WARMUP_SNAPSHOTS;
    this.nextRecompute = second + (warming ? this.warmupSeconds : this.s.baseline.recomputeSeconds);
  }

  private refresh(second: number): void {
    this.refreshClientThresholds(second);
    this.surge.update(this.baseline.global.stats(second), this.baseline.global.samples);
  }

  private refreshClientThresholds(second: number): void {
    this.thresholds = clientThresholds(
      this.baseline.client.stats(second),
      this.s,
      this.surge.active,
    );
    this.refreshOwnLimits();
  }

  private idleSeconds(): number {
    return this.s.tracking.idleSeconds > 0 ? this.s.tracking.idleSeconds : this.s.windowSeconds;
  }

  private alert(change: SurgeChange, second: number): void {
    const { active, top } = busiestClients(this.table, this.layout, second, 5);
    const topClients = top.map((slot) => ({
      ip: displayKey(this.table.clientKey(slot)!),
      requests: this.table.totals[slot]!,
    }));
    this.c.alerts++;
    const learned = this.baseline.global.stats(second);
    this.emit(
      alertDecision(change, this.logNowMs, learned, this.s.windowSeconds, active, topClients),
    );
  }
}
