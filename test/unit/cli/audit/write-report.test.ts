import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildAuditReport } from "../../../../cli/audit/report-builder";
import { reportBase, writeAuditReport } from "../../../../cli/audit/write-report";
import { fixtureSources } from "./report-fixture";

describe("writeAuditReport", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "sd-audit-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the charts beside the report, as the report links them", () => {
    const out = path.join(dir, "audit_report.md");
    const written = writeAuditReport(out, buildAuditReport(fixtureSources(), reportBase(out)));
    expect(written).toEqual([
      out,
      path.join(dir, "audit_report-error-rate.svg"),
      path.join(dir, "audit_report-p99.svg"),
    ]);
    const markdown = readFileSync(out, "utf8");
    for (const [, file] of markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
      const svg = readFileSync(path.join(dir, decodeURIComponent(file!)), "utf8");
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^]*<\/svg>\n$/);
    }
    expect(readdirSync(dir).sort()).toEqual([
      "audit_report-error-rate.svg",
      "audit_report-p99.svg",
      "audit_report.md",
    ]);
  });

  it("removes an earlier run's charts when the report has no measurements to chart", () => {
    const out = path.join(dir, "weekly.md");
    writeFileSync(path.join(dir, "weekly-p99.svg"), "<svg/>");
    writeFileSync(path.join(dir, "other.svg"), "<svg/>");
    const sources = fixtureSources();
    const empty = { ...sources, history: { ...sources.history, records: [] } };
    expect(writeAuditReport(out, buildAuditReport(empty, reportBase(out)))).toEqual([out]);
    expect(existsSync(path.join(dir, "weekly-p99.svg"))).toBe(false);
    expect(existsSync(path.join(dir, "other.svg"))).toBe(true);
    expect(readFileSync(out, "utf8")).toContain("No measurements yet");
  });
});
