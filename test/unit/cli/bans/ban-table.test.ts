import { describe, expect, it } from "vitest";
import { BanPageSchema, ExplainSchema, type BanRow } from "../../../../cli/bans/ban-answers";
import { renderBanTable, shortLeft } from "../../../../cli/bans/ban-table";
import { renderExplain } from "../../../../cli/bans/explain-text";

const manual: BanRow = {
  ip: "203.0.113.77",
  rule: "operator",
  step: 1,
  bannedAt: "2026-12-06T02:30:00.000Z",
  until: "2026-12-06T02:40:00.000Z",
  secondsLeft: 598,
  enforcedBy: "ipset",
  decision: { rule: "operator", operator: { actor: "alice@laptop", reason: "test" } },
};
const judged: BanRow = {
  ip: "2001:db8:9:9::/64",
  rule: "zscore",
  step: 4,
  bannedAt: "2026-12-06T01:02:03.456Z",
  until: null,
  secondsLeft: null,
  enforcedBy: "ipset",
  decision: {
    rule: "zscore",
    evidence: { rate: 412.5, requests: 4125, windowSeconds: 10, zScore: 38.2, errorShare: 0.25 },
  },
};

describe("swiftdeploy bans' table", () => {
  it("shows address, rule, since, until, step and the evidence in aligned columns", () => {
    const lost: BanRow = { ...manual, ip: "198.51.100.9", decision: null, secondsLeft: 7300 };
    expect(renderBanTable({ total: 3, rows: [manual, judged, lost] })).toBe(
      [
        "ADDRESS            RULE      SINCE                 UNTIL                              STEP  EVIDENCE",
        "203.0.113.77       operator  2026-12-06 02:30:00Z  2026-12-06 02:40:00Z (9m58s left)  1     by alice@laptop: test",
        "2001:db8:9:9::/64  zscore    2026-12-06 01:02:03Z  permanent                          4     412.5 req/s, 4125 requests in 10 s, 25% errors, z 38.2",
        "198.51.100.9       operator  2026-12-06 02:30:00Z  2026-12-06 02:40:00Z (2h01m left)  1     (evidence not kept: see the audit log)",
        "3 bans",
      ].join("\n"),
    );
  });

  it("says when there are none, when the daemon answered from saved state, and when the page is cut", () => {
    expect(renderBanTable({ total: 0, rows: [] })).toBe("no bans in force");
    expect(
      renderBanTable({ total: 5, rows: [manual], daemon: "not running (saved state)" }),
    ).toMatch(
      /^note: the detector's daemon is not running \(saved state\)\nADDRESS[^\n]*\n203\.0\.113\.77[^\n]*\n1 of 5 bans shown$/,
    );
  });

  it.each([
    [0, "0s"],
    [59, "59s"],
    [598, "9m58s"],
    [7300, "2h01m"],
    [180_000, "2d02h"],
  ])("writes %i s left as %s", (seconds, text) => {
    expect(shortLeft(seconds)).toBe(text);
  });

  it("reads the detector's answer, keeping fields it does not show for --json", () => {
    const page = BanPageSchema.parse({ total: 1, rows: [{ ...manual, extra: 1 }] });
    expect(page.rows[0]).toMatchObject({ ip: "203.0.113.77", extra: 1 });
    expect(() => BanPageSchema.parse({ rows: "x" })).toThrow();
  });
});

describe("swiftdeploy explain's text", () => {
  it("gives the ban, its evidence, the offender's record and the history with who acted", () => {
    const report = ExplainSchema.parse({
      ip: "203.0.113.77",
      banned: manual,
      offender: {
        step: 1,
        effectiveStep: 1,
        lastOffenceAt: "2026-12-06T02:30:00.000Z",
        releasedAt: null,
      },
      history: [
        {
          time: "2026-12-06T02:30:00.010Z",
          event: "ban",
          decision: { rule: "operator", operator: { actor: "alice@laptop", reason: "test" } },
        },
      ],
    });
    expect(renderExplain(report)).toBe(
      [
        "203.0.113.77: banned since 2026-12-06 02:30:00Z until 2026-12-06 02:40:00Z (9m58s left)",
        "  rule      operator (step 1), enforced by ipset",
        "  evidence  by alice@laptop: test",
        "  record    step 1 (1 after decay), last offence 2026-12-06 02:30:00Z",
        "history (oldest first):",
        "  2026-12-06 02:30:00Z  ban  operator by alice@laptop (test)",
      ].join("\n"),
    );
  });

  it("says an address is not banned and has no record", () => {
    const report = ExplainSchema.parse({
      ip: "203.0.113.5",
      banned: null,
      offender: null,
      history: [],
    });
    expect(renderExplain(report)).toBe(
      "203.0.113.5: not banned\n  record    no offence on record\nhistory: none in the audit log",
    );
  });

  it("says what the client normally does by its own history, and both limits", () => {
    const base = { ip: "198.51.101.7", banned: null, offender: null, history: [] };
    const own = { mean: 0.2, stddev: 0.01, snapshots: 18, minSnapshots: 10, siteLimitRps: 8.148 };
    const judged = ExplainSchema.parse({ ...base, ownHistory: { ...own, limitRps: 3 } });
    expect(renderExplain(judged).split("\n")).toContain(
      "  normal    0.2 ± 0.01 req/s when active (18 snapshots); own limit 3 req/s, the site's 8.148 req/s",
    );
    const young = ExplainSchema.parse({
      ...base,
      ownHistory: { ...own, snapshots: 4, limitRps: null },
    });
    expect(renderExplain(young).split("\n")).toContain(
      "  normal    0.2 ± 0.01 req/s when active (4 snapshots); judged by its own history after 10; the site's limit 8.148 req/s",
    );
    const none = ExplainSchema.parse({ ...base, ownHistory: null });
    expect(renderExplain(none).split("\n")).toContain("  normal    no own history yet");
  });
});
