import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../../core/clock";
import { AuditLog, readAudit } from "../../../../detector/audit/audit-log";
import { EvidenceStore } from "../../../../detector/audit/evidence-store";
import type { BanDecision } from "../../../../detector/decide/decision";

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "sd-audit-"));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("the audit log", () => {
  it("appends one owner-only JSON line per record, with the wall time, in one write per flush", () => {
    const file = path.join(tmp(), "audit.jsonl");
    const log = new AuditLog(file, 1 << 20, 2, new ManualClock(Date.UTC(2026, 3, 27)));
    log.record("ban", { decision: { ip: "203.0.113.9" } });
    log.record("lift", { target: { ip: "203.0.113.9" } });
    expect(fs.existsSync(file)).toBe(false);
    log.flush();
    expect(fs.readFileSync(file, "utf8")).toBe(
      '{"time":"2026-04-27T00:00:00.000Z","event":"ban","decision":{"ip":"203.0.113.9"}}\n' +
        '{"time":"2026-04-27T00:00:00.000Z","event":"lift","target":{"ip":"203.0.113.9"}}\n',
    );
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it("rotates beyond maxBytes, keeps `keep` old files and reads them back oldest first", () => {
    const file = path.join(tmp(), "audit.jsonl");
    const log = new AuditLog(file, 100, 2, new ManualClock(0));
    for (let i = 0; i < 5; i++) {
      log.record("ban", { n: i, pad: "x".repeat(40) });
      log.flush();
    }
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual([
      "audit.jsonl",
      "audit.jsonl.1",
      "audit.jsonl.2",
    ]);
    expect(readAudit(file, 2).map((r) => r.n)).toEqual([2, 3, 4]);
  });
});

describe("the evidence store", () => {
  const decision = (ip: string) => ({ type: "ban", ip, evidence: {} }) as unknown as BanDecision;

  it("keeps the most recent bans up to its limit and survives a restart", () => {
    const file = path.join(tmp(), "evidence.json");
    const store = new EvidenceStore(file, 2);
    store.put({ decision: decision("a"), enforcedBy: "ipset" });
    store.put({ decision: decision("b"), enforcedBy: "ipset" });
    store.put({ decision: decision("c"), enforcedBy: "ipset" });
    expect(store.recent(10).map((r) => r.decision.ip)).toEqual(["c", "b"]);
    store.save();
    const again = new EvidenceStore(file, 2);
    expect(again.load()).toBeUndefined();
    expect(again.get("b")?.enforcedBy).toBe("ipset");
    again.retain((ip) => ip === "c");
    expect(again.size).toBe(1);
  });
});
