import { describe, expect, it } from "vitest";
import { parseDetectorAudit } from "../../../../cli/audit/detector-audit";
import { buildAuditReport } from "../../../../cli/audit/report-builder";
import { fixtureSources } from "./report-fixture";

const built = buildAuditReport(fixtureSources());
const report = built.markdown;
const section = (title: string) => {
  const start = report.indexOf(`## ${title}\n`);
  expect(start).toBeGreaterThan(-1);
  const end = report.indexOf("\n## ", start + 1);
  return report.slice(start, end < 0 ? undefined : end);
};

describe("buildAuditReport (from test/fixtures/cli)", () => {
  it("names its sources and the unreadable history lines it skipped", () => {
    expect(report).toContain(
      "Sources: history.jsonl (17 records, 2 unreadable lines skipped); the detector's audit log (3 events); the Pulumi update history (2 updates).",
    );
  });

  it("sums up promotions, refusals, rollbacks and bans", () => {
    expect(section("Summary")).toContain(
      "- Promotions: 1 · refused checks: 3 · held checks: 0 · rollback steps: 2",
    );
    expect(section("Summary")).toContain("- Bans: 1");
  });

  it("puts the refusal in the timeline with OPA's reason, the measured values and who acted", () => {
    expect(section("Timeline")).toContain(
      "| 2026-11-25 10:02:40Z | promotion refused | Error rate 80.00% exceeds maximum 1.00% (160 of 200 requests failed). Measured canary 1.1.0: 200 requests (20.0/s), 160 errors (80.00 %), p99 5.0 ms over 10 s; stable 1.0.0: 200 requests (20.0/s), 0 errors (0.00 %), p99 4.0 ms over 10 s | alice@laptop |",
    );
  });

  it("shows the promotion and the mode changes in time order", () => {
    const timeline = section("Timeline");
    const rows = [
      "| 2026-11-25 10:01:00Z | mode change: canary started | stable 1.0.0 → stable 1.0.0 + canary 1.1.0 at 50 %",
      "| 2026-11-25 10:02:00Z | chaos | api-canary-1.1.0: error for 80 % of requests |",
      "| 2026-11-25 10:05:10Z | promoted | stable 1.0.0 + canary 1.1.0 at 50 % → stable 1.1.0; OPA allowed: 200 requests",
      "| 2026-11-25 10:05:30Z | mode observed | canary 1.1.0 at 50 % → stable |",
      "| 2026-11-25 10:12:00Z | rolled back | stable 1.1.0 + canary 1.2.0 at 0 % → stable 1.1.0; 2 failed checks in a row",
    ];
    const positions = rows.map((row) => timeline.indexOf(row));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("links the error rate and p99 charts as .svg files beside the report, with no SVG inline", () => {
    const metrics = section("Error rate and p99 over time");
    expect(metrics).not.toContain("<svg");
    expect(metrics).toContain(
      "![5xx error rate by version](audit_report-error-rate.svg)\n\n![p99 latency by version](audit_report-p99.svg)",
    );
    expect(built.charts.map((c) => c.file)).toEqual([
      "audit_report-error-rate.svg",
      "audit_report-p99.svg",
    ]);
  });

  it("draws each chart as a standalone SVG per version, without scripts or links", () => {
    const [errorRate, p99] = built.charts;
    expect(errorRate?.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(errorRate?.svg).toContain(">5xx error rate by version</text>");
    expect(errorRate?.svg).toContain(">canary 1.1.0</text>");
    expect(p99?.svg).toContain(">p99 latency by version</text>");
    for (const chart of built.charts) expect(chart.svg).not.toMatch(/<script|href=/);
  });

  it("names the charts after the report and escapes the link", () => {
    const named = buildAuditReport(fixtureSources(), "audit 2026-11");
    expect(named.charts.map((c) => c.file)).toEqual([
      "audit 2026-11-error-rate.svg",
      "audit 2026-11-p99.svg",
    ]);
    expect(named.markdown).toContain("![p99 latency by version](audit%202026-11-p99.svg)");
  });

  it("lists every measured window in a table", () => {
    const metrics = section("Error rate and p99 over time");
    expect(metrics).toContain(
      "| 2026-11-25 10:02:20Z | canary 1.1.0 | status | 10 s | 200 | 20.0/s | 80.00 % | 5.0 ms |",
    );
  });

  it("lists OPA refusals and CrossGuard violations as policy violations", () => {
    const violations = section("Policy violations");
    expect(violations).toContain(
      "| 2026-11-25 10:02:40Z | OPA canary policy (promote 1.1.0) | Error rate 80.00% exceeds maximum 1.00% (160 of 200 requests failed) | alice@laptop |",
    );
    expect(violations).toContain(
      '| 2026-11-25 10:13:00Z | CrossGuard (preview) | [mandatory] images-pinned (swiftdeploy-opa-image): remote image "swiftdeploy-opa-image" must use a pinned image',
    );
  });

  it("lists the detector's bans with rule, rate and end", () => {
    const bans = section("Bans");
    expect(bans).toContain(
      "Bans: 1, unbans: 1, in /var/lib/swiftdeploy/api/detector/audit.jsonl (3 events).",
    );
    expect(bans).toContain(
      "| 2026-11-25 10:06:00Z | ban | 203.0.113.7 | client-rate | 1 | 412.5/s | 2026-11-25 10:16:00Z |",
    );
  });

  it("names who banned or lifted by hand in the bans table", () => {
    const sources = fixtureSources();
    const manual = parseDetectorAudit([
      '{"time":"2026-11-25T10:20:00.000Z","event":"ban","decision":{"type":"ban","ip":"203.0.113.77","rule":"operator","step":1,"until":"2026-11-25T10:30:00.000Z","evidence":{"rate":0},"operator":{"actor":"alice@laptop","reason":"test"}}}',
      '{"time":"2026-11-25T10:21:00.000Z","event":"unban","decision":{"type":"unban","ip":"203.0.113.77","rule":"operator-lift","step":1,"actor":"bob@ops"}}',
      '{"time":"2026-11-25T10:21:00.000Z","event":"lift","target":{"ip":"203.0.113.77"},"actor":"bob@ops","lifted":["203.0.113.77"],"count":1}',
    ]);
    const markdown = buildAuditReport({
      ...sources,
      detector: { ...sources.detector, events: [...sources.detector.events, ...manual.events] },
    }).markdown;
    expect(markdown).toContain(
      "| time (UTC) | event | address | rule | step | rate | until | by |",
    );
    expect(markdown).toContain(
      "| 2026-11-25 10:20:00Z | ban | 203.0.113.77 | operator | 1 | – | 2026-11-25 10:30:00Z | alice@laptop |",
    );
    expect(markdown).toContain(
      "| 2026-11-25 10:21:00Z | unban | 203.0.113.77 | operator-lift | 1 | – | – | bob@ops |",
    );
    expect(markdown).toMatch(/\| lift \| – \| – \| – \| – \| – \| bob@ops \|/);
    expect(markdown).toContain("| 2026-11-25 10:16:00Z | – |");
  });

  it("lists the engine's updates oldest first", () => {
    expect(section("Deploy history (Pulumi)")).toContain(
      "| 1 | update | succeeded | 2026-11-25 10:00:00Z | 71 s | 35 create | swiftdeploy deploy by alice@laptop |\n| 2 | update |",
    );
  });

  it("says why a source is missing instead of failing", () => {
    const sources = fixtureSources();
    const offline = buildAuditReport({
      ...sources,
      detector: { ...sources.detector, events: [], error: "no audit log at /var/lib/x" },
      updates: { records: [], error: 'stack "dev" does not exist' },
    }).markdown;
    expect(offline).toContain(
      "The detector's audit log (/var/lib/swiftdeploy/api/detector/audit.jsonl) could not be read: no audit log at /var/lib/x",
    );
    expect(offline).toContain(
      'The engine\'s update history could not be read: stack "dev" does not exist',
    );
  });

  it("escapes pipes and line breaks inside table cells", () => {
    const sources = fixtureSources();
    const record = {
      ...sources.history.records[0],
      kind: "chaos",
      version: "1",
      container: "a|b",
      request: { mode: "error" },
      state: "x\ny",
    } as never;
    const text = buildAuditReport({
      ...sources,
      history: { ...sources.history, records: [record] },
    }).markdown;
    expect(text).toContain("| chaos | a\\|b: x y |");
  });
});
