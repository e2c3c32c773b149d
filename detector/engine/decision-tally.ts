import type { Decision } from "../decide/decision";

/** Counts per label value: rule of a ban or alert, reason (the unban's rule) of an unban. */
export type Tally = Readonly<Record<string, number>>;

/**
 * Counts the engine's decisions by their rule, so `/metrics` can label bans with `rule`, unbans
 * with `reason` and alerts with `rule` (Prometheus's guide: states and kinds are labels, the sum
 * over a label is the total).
 */
export class DecisionTally {
  private readonly bans = new Map<string, number>();
  private readonly unbans = new Map<string, number>();
  private readonly alerts = new Map<string, number>();

  /** Counts one decision by its type and rule. */
  record(decision: Decision): void {
    const into =
      decision.type === "ban" ? this.bans : decision.type === "unban" ? this.unbans : this.alerts;
    into.set(decision.rule, (into.get(decision.rule) ?? 0) + 1);
  }

  /** Ban decisions by rule. */
  bansByRule(): Tally {
    return Object.fromEntries(this.bans);
  }

  /** Unban decisions by reason (`ban-expired`, `operator-lift`, …). */
  unbansByReason(): Tally {
    return Object.fromEntries(this.unbans);
  }

  /** Global alert decisions by rule. */
  alertsByRule(): Tally {
    return Object.fromEntries(this.alerts);
  }
}
