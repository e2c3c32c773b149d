import { describe, expect, it } from "vitest";
import { mergeDetectorAudits } from "../../../../../cli/live/kubernetes/merge-audits";

const line = (time: string, event: string, decision: Record<string, unknown> = {}) =>
  JSON.stringify({ time, event, decision });

describe("mergeDetectorAudits", () => {
  it("merges the pods' lines in time order and keeps each shared ban's end once", () => {
    const until = "2026-12-06T07:10:00.000Z";
    const node1 = [
      line("2026-12-06T07:00:00.000Z", "ban", { ip: "203.0.113.9", rule: "zscore" }),
      line("2026-12-06T07:05:00.000Z", "unban", { ip: "198.51.100.4", rule: "operator-lift" }),
      line("2026-12-06T07:10:00.020Z", "unban", {
        ip: "203.0.113.9",
        rule: "ban-expired",
        at: until,
      }),
    ];
    const node2 = [
      line("2026-12-06T07:00:00.300Z", "shared-bans"),
      line("2026-12-06T07:05:00.100Z", "unban", { ip: "198.51.100.4", rule: "shared-lift" }),
      line("2026-12-06T07:10:00.040Z", "unban", {
        ip: "203.0.113.9",
        rule: "ban-expired",
        at: until,
      }),
      "not json",
    ];
    const merged = mergeDetectorAudits([node1, node2]).map((l) => {
      try {
        const r = JSON.parse(l) as { event: string; decision: { rule?: string } };
        return `${r.event}${r.decision.rule ? `/${r.decision.rule}` : ""}`;
      } catch {
        return l;
      }
    });
    expect(merged).toEqual([
      "not json",
      "ban/zscore",
      "shared-bans",
      "unban/operator-lift",
      "unban/ban-expired",
    ]);
  });
});
