import type { AlertItem } from "./alert-item";

const NAMED = 10;

/** Ban and unban messages folded together during a flood. */
export class AlertDigest {
  private bans = 0;
  private unbans = 0;
  private readonly rules = new Map<string, number>();
  private readonly keys: string[] = [];

  get size(): number {
    return this.bans + this.unbans;
  }

  add(item: AlertItem): void {
    if (item.category === "ban") this.bans++;
    else this.unbans++;
    if (item.rule !== undefined && item.category === "ban")
      this.rules.set(item.rule, (this.rules.get(item.rule) ?? 0) + 1);
    if (item.key !== undefined && item.category === "ban" && this.keys.length < NAMED)
      this.keys.push(item.key);
  }

  /** The digest message for a window of `windowSeconds`. */
  message(windowSeconds: number): AlertItem {
    const rules = [...this.rules].map(([r, n]) => `${r} ${n}`).join(", ");
    const more = this.bans - this.keys.length;
    const named =
      this.keys.length === 0
        ? ""
        : `\nBanned: ${this.keys.join(", ")}${more > 0 ? ` … (+${more} more)` : ""}`;
    return {
      category: "operations",
      text:
        `:bar_chart: *${this.bans} bans and ${this.unbans} unbans in ${windowSeconds} s* ` +
        `(folded into one message during a flood)${rules === "" ? "" : `. Rules: ${rules}`}.` +
        `${named}\nThe dashboard, \`swiftdeploy-detector explain\` and the audit log have each one.`,
    };
  }
}
