import type { DetectorSettings } from "../../core/detector-settings";
import { BAD_LINE_NAMES, type BadLine, type BadLineName } from "../parse/bad-line-reason";
import { RecentSources, type SourceCount } from "./recent-sources";

/** What a bad-lines alert reports. */
export interface BadLineSurgeReport {
  readonly badLines: number;
  readonly lines: number;
  readonly byReason: Partial<Record<BadLineName, number>>;
  readonly topSources: SourceCount[];
}

/** Top sources are counted over this many of the latest bad lines. */
const RECENT = 1024;
const TOP = 5;

/**
 * Alerts when lines the detector cannot use pile up: at least `minLines` bad lines in the last
 * `windowSeconds` of log time, and at least `minShare` of all lines there — padding, garbage or a
 * broken log format hide clients, so that is worth a message of its own, naming who sent most of
 * the latest 1,024 bad lines.
 * Lines without a readable time count in the engine's current second.
 */
export class BadLineSurge {
  private readonly width: number;
  private readonly bad: Int32Array;
  private readonly total: Int32Array;
  private readonly reasons: Int32Array;
  private readonly sources = new RecentSources(RECENT);
  private second = Number.NEGATIVE_INFINITY;
  private badSum = 0;
  private totalSum = 0;
  private linesAtSecond = 0;
  private lastAlert = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly settings: DetectorSettings["badLines"]["surge"],
    windowSeconds: number,
  ) {
    this.width = windowSeconds;
    this.bad = new Int32Array(windowSeconds);
    this.total = new Int32Array(windowSeconds);
    this.reasons = new Int32Array(windowSeconds * BAD_LINE_NAMES.length);
  }

  /** The log moved on to `second`; `linesBefore` counts every line before the one that moved it. */
  advance(second: number, linesBefore: number): void {
    const since = linesBefore - this.linesAtSecond;
    const from = Number.isFinite(this.second) ? this.second : second;
    const slot = this.slot(from);
    this.total[slot] = this.total[slot]! + since;
    this.totalSum += since;
    const steps = Math.min(second - from, this.width);
    for (let k = 1; k <= steps; k++) this.clear(this.slot(from + k));
    // A window without bad lines ends the surge: the next one alerts at once.
    if (this.badSum === 0) this.lastAlert = Number.NEGATIVE_INFINITY;
    this.second = second;
    this.linesAtSecond = linesBefore;
  }

  /**
   * Counts a bad line from the address in `buf[start, end)` (empty: unreadable); `lines` counts
   * every line so far, this one included. Returns what to report when the surge starts or its
   * reminder is due.
   */
  record(
    code: BadLine,
    buf: Uint8Array,
    start: number,
    end: number,
    lines: number,
  ): BadLineSurgeReport | undefined {
    if (!this.settings.enabled) return undefined;
    const second = Number.isFinite(this.second) ? this.second : 0;
    const slot = this.slot(second);
    this.bad[slot]!++;
    this.badSum++;
    this.reasons[slot * BAD_LINE_NAMES.length + code]!++;
    this.sources.add(buf, start, end);
    const windowLines = this.totalSum + (lines - this.linesAtSecond);
    const s = this.settings;
    if (this.badSum < s.minLines || this.badSum < s.minShare * windowLines) return undefined;
    const due =
      !Number.isFinite(this.lastAlert) ||
      (s.cooldownSeconds > 0 && second - this.lastAlert >= s.cooldownSeconds);
    if (!due) return undefined;
    this.lastAlert = second;
    return {
      badLines: this.badSum,
      lines: windowLines,
      byReason: this.byReason(),
      topSources: this.sources.top(TOP),
    };
  }

  private byReason(): Partial<Record<BadLineName, number>> {
    const out: Partial<Record<BadLineName, number>> = {};
    const n = BAD_LINE_NAMES.length;
    for (let code = 0; code < n; code++) {
      let sum = 0;
      for (let slot = 0; slot < this.width; slot++) sum += this.reasons[slot * n + code]!;
      if (sum > 0) out[BAD_LINE_NAMES[code]!] = sum;
    }
    return out;
  }

  private slot(second: number): number {
    return ((second % this.width) + this.width) % this.width;
  }

  private clear(slot: number): void {
    this.badSum -= this.bad[slot]!;
    this.totalSum -= this.total[slot]!;
    this.bad[slot] = 0;
    this.total[slot] = 0;
    this.reasons.fill(0, slot * BAD_LINE_NAMES.length, (slot + 1) * BAD_LINE_NAMES.length);
  }
}
