import type { DetectorSettings } from "../../core/detector-settings";
import type { BaselineStats } from "../baseline/baseline-stats";

/** A change of the site-wide surge state worth an alert. */
export interface SurgeChange {
  readonly kind: "start" | "ongoing" | "end";
  readonly rate: number;
  readonly zScore: number;
  readonly mean: number;
  readonly stddev: number;
  readonly floored: boolean;
  readonly limitRps: number;
  /** Seconds since the surge started. */
  readonly ongoingSeconds: number;
}

/** A surge ends only below this share of its limit, so a rate hovering at the limit does not flap. */
const END_RATIO = 0.8;

/**
 * The global-surge rule: the site's window rate far above its own baseline (z-score AND multiple
 * of the mean) means a distributed attack or a flash crowd. It alerts — at the start, every
 * `cooldownSeconds` while it lasts, and at the end (with hysteresis) — and never bans: per-client
 * rules still judge each client, against limits tightened while it is active (`tightenFactor`).
 * While it is active the baselines stop learning.
 */
export class GlobalSurgeRule {
  active = false;
  private startedAt = 0;
  private lastAlertAt = 0;
  private mean = 0;
  private stddev = 0;
  private floored = false;
  private limitRps = Infinity;

  constructor(private readonly settings: DetectorSettings) {}

  /** Re-derives the limit from the learned global baseline (at each recompute). */
  update(learned: BaselineStats, samples: number): void {
    const rule = this.settings.rules.globalSurge;
    const { globalMeanFloorRps, globalStddevFloorRps } = this.settings.baseline;
    this.mean = Math.max(learned.mean, globalMeanFloorRps);
    this.stddev = Math.max(learned.stddev, globalStddevFloorRps);
    this.floored = this.mean !== learned.mean || this.stddev !== learned.stddev;
    this.limitRps =
      rule.enabled && samples >= rule.minSamples
        ? Math.max(this.mean + rule.zScore * this.stddev, rule.multiplier * this.mean)
        : Infinity;
  }

  /** Checks the window rate at log second `second`; returns a change to report, if any. */
  check(second: number, rate: number): SurgeChange | undefined {
    let kind: SurgeChange["kind"];
    if (!this.active) {
      if (!(rate > this.limitRps)) return undefined;
      this.active = true;
      this.startedAt = second;
      kind = "start";
    } else if (rate > this.limitRps * END_RATIO) {
      const cooldown = this.settings.rules.globalSurge.cooldownSeconds;
      if (cooldown === 0 || second - this.lastAlertAt < cooldown) return undefined;
      kind = "ongoing";
    } else {
      this.active = false;
      kind = "end";
    }
    this.lastAlertAt = second;
    return {
      kind,
      rate,
      zScore: (rate - this.mean) / this.stddev,
      mean: this.mean,
      stddev: this.stddev,
      floored: this.floored,
      limitRps: this.limitRps,
      ongoingSeconds: second - this.startedAt,
    };
  }
}
