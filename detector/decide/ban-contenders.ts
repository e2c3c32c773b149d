/** A contender counts for ranking while its last refused line is this recent (log time). */
const FRESH_MS = 2000;

interface Contender {
  score: number;
  atMs: number;
}

/**
 * The clients the throttled breaker refused, with their latest evidence score, so that freed
 * budget goes to the strongest first. At most `capacity` are remembered; a full list gives way to a
 * stronger newcomer by dropping its weakest (or stalest) entry.
 */
export class BanContenders {
  private readonly byId = new Map<number | string, Contender>();
  private bestId: number | string | undefined;
  private bestScore = 0;
  private bestSecond = Number.NaN;
  /** The weakest remembered score (stale ones count -1), so a weaker newcomer costs no scan. */
  private floorScore = 0;
  private floorSecond = Number.NaN;

  constructor(private readonly capacity: number) {}

  /** Clients remembered. */
  get size(): number {
    return this.byId.size;
  }

  /** Records (or refreshes) a refused client. */
  note(id: number | string, score: number, nowMs: number): void {
    const known = this.byId.get(id);
    if (known !== undefined) {
      known.score = score;
      known.atMs = nowMs;
    } else {
      if (this.byId.size >= this.capacity) {
        const second = Math.floor(nowMs / 1000);
        if (second !== this.floorSecond) this.findFloor(nowMs, second);
        if (score <= this.floorScore) return;
        if (!this.dropWeakerThan(score, nowMs)) {
          this.floorScore = score; // nothing remembered is weaker than this
          return;
        }
        this.floorSecond = Number.NaN;
      }
      this.byId.set(id, { score, atMs: nowMs });
    }
    if (id === this.bestId) this.bestSecond = Number.NaN;
    else if (score > this.bestScore) {
      this.bestId = id;
      this.bestScore = score;
    }
  }

  /** Forgets a client (it was banned). */
  delete(id: number | string): void {
    this.byId.delete(id);
    if (id === this.bestId) this.bestSecond = Number.NaN;
  }

  /** Whether a fresh contender other than `id` has a higher score (it gets the budget first). */
  outranks(id: number | string, score: number, nowMs: number): boolean {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.bestSecond) this.rank(nowMs, second);
    return this.bestId !== undefined && this.bestId !== id && this.bestScore > score;
  }

  /** Forgets everything. */
  clear(): void {
    this.byId.clear();
    this.bestId = undefined;
    this.bestScore = 0;
    this.bestSecond = Number.NaN;
    this.floorSecond = Number.NaN;
  }

  private findFloor(nowMs: number, second: number): void {
    let floor = Number.POSITIVE_INFINITY;
    for (const c of this.byId.values()) floor = Math.min(floor, this.effective(c, nowMs));
    this.floorScore = floor;
    this.floorSecond = second;
  }

  private effective(c: Contender, nowMs: number): number {
    return c.atMs >= nowMs - FRESH_MS ? c.score : -1;
  }

  private rank(nowMs: number, second: number): void {
    this.bestId = undefined;
    this.bestScore = 0;
    for (const [id, c] of this.byId)
      if (c.atMs >= nowMs - FRESH_MS && c.score > this.bestScore) {
        this.bestId = id;
        this.bestScore = c.score;
      }
    this.bestSecond = second;
  }

  private dropWeakerThan(score: number, nowMs: number): boolean {
    let weakest: number | string | undefined;
    let weakestScore = score;
    for (const [id, c] of this.byId) {
      const s = this.effective(c, nowMs);
      if (s < weakestScore) {
        weakest = id;
        weakestScore = s;
      }
    }
    if (weakest === undefined) return false;
    this.delete(weakest);
    return true;
  }
}
