const MINUTE_MS = 60_000;

/**
 * The bans granted recently (log time), for the breaker's two limits: distinct actors in the last
 * `periodMs`, and bans in the last minute. Times arrive in non-decreasing log order, so two heads
 * walk forward and an actor's count drops as its bans leave the period.
 */
export class BanRecord {
  private times: number[] = [];
  private actors: (number | string)[] = [];
  private periodHead = 0;
  private minuteHead = 0;
  private readonly inPeriod = new Map<number | string, number>();

  constructor(private readonly periodMs: number) {}

  /** Distinct actors banned in the period. */
  get actorsInPeriod(): number {
    return this.inPeriod.size;
  }

  /** Bans in the period. */
  get bansInPeriod(): number {
    return this.times.length - this.periodHead;
  }

  /** Bans in the last minute. */
  get bansLastMinute(): number {
    return this.times.length - this.minuteHead;
  }

  /** Whether `actor` was banned in the period already (another ban of it costs no budget). */
  has(actor: number | string): boolean {
    return this.inPeriod.has(actor);
  }

  /** Drops what is older than the period and the minute as of `nowMs`. */
  advance(nowMs: number): void {
    const times = this.times;
    while (this.periodHead < times.length && times[this.periodHead]! <= nowMs - this.periodMs) {
      const actor = this.actors[this.periodHead]!;
      const n = this.inPeriod.get(actor)! - 1;
      if (n === 0) this.inPeriod.delete(actor);
      else this.inPeriod.set(actor, n);
      this.periodHead++;
    }
    while (this.minuteHead < times.length && times[this.minuteHead]! <= nowMs - MINUTE_MS)
      this.minuteHead++;
    const head = Math.min(this.periodHead, this.minuteHead);
    if (head > 1024 && head * 2 > times.length) {
      this.times = times.slice(head);
      this.actors = this.actors.slice(head);
      this.periodHead -= head;
      this.minuteHead -= head;
    }
  }

  /** Records a ban of `actor` at `nowMs`. */
  add(nowMs: number, actor: number | string): void {
    this.times.push(nowMs);
    this.actors.push(actor);
    this.inPeriod.set(actor, (this.inPeriod.get(actor) ?? 0) + 1);
  }

  /** Forgets everything (a reset starts counting afresh). */
  clear(): void {
    this.times = [];
    this.actors = [];
    this.periodHead = 0;
    this.minuteHead = 0;
    this.inPeriod.clear();
  }
}
