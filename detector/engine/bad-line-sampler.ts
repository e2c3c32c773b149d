import { BAD_LINE_NAMES, type BadLine, type BadLineName } from "../parse/bad-line-reason";

/** One bad line worth showing in the daemon's log. */
export interface BadLineSample {
  readonly reason: BadLineName;
  /** The start of the line (at most 300 bytes; invalid UTF-8 shown as U+FFFD). */
  readonly line: string;
  readonly bytes: number;
  /** Bad lines of this reason so far. */
  readonly count: number;
}

const SAMPLE_BYTES = 300;

/**
 * Counts bad lines per reason and lets a few through as samples: at most `perMinute` per reason
 * per minute of log time, so a flood of garbage is visible in the log but cannot fill it.
 */
export class BadLineSampler {
  readonly counts: number[] = BAD_LINE_NAMES.map(() => 0);
  total = 0;
  private readonly minute: number[] = BAD_LINE_NAMES.map(() => -1);
  private readonly inMinute: number[] = BAD_LINE_NAMES.map(() => 0);

  constructor(
    private readonly perMinute: number,
    private readonly sink: ((sample: BadLineSample) => void) | undefined,
  ) {}

  /** Counts a bad line at log second `second`, sampling it when the budget allows. */
  record(
    code: BadLine,
    buf: Uint8Array,
    start: number,
    end: number,
    bytes: number,
    second: number,
  ): void {
    this.total++;
    const count = ++this.counts[code]!;
    if (this.sink === undefined) return;
    const minute = Number.isFinite(second) ? Math.floor(second / 60) : 0;
    if (minute !== this.minute[code]) {
      this.minute[code] = minute;
      this.inMinute[code] = 0;
    }
    if (this.inMinute[code]! >= this.perMinute) return;
    this.inMinute[code]!++;
    const stop = Math.min(end, start + SAMPLE_BYTES);
    const line = Buffer.from(buf.buffer, buf.byteOffset + start, stop - start).toString("utf8");
    this.sink({ reason: BAD_LINE_NAMES[code]!, line, bytes, count });
  }

  /** Counts per reason name (only reasons seen). */
  byReason(): Partial<Record<BadLineName, number>> {
    const out: Partial<Record<BadLineName, number>> = {};
    this.counts.forEach((n, code) => {
      if (n > 0) out[BAD_LINE_NAMES[code]!] = n;
    });
    return out;
  }
}
