import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../../core/clock";
import type { AlertItem } from "../../../../detector/alert/alert-item";
import { AuditLog } from "../../../../detector/audit/audit-log";
import { EvidenceStore } from "../../../../detector/audit/evidence-store";
import { decisionRouter } from "../../../../detector/daemon/decision-router";
import type { Decision } from "../../../../detector/decide/decision";
import { DryRunEnforcer } from "../../../../detector/enforce/dry-run-enforcer";
import { banDecision } from "../../../kit/detector/ban-decision";
import { Enforcement } from "../../../../detector/enforce/enforcement";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function parts() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sd-router-"));
  dirs.push(dir);
  const clock = new ManualClock(Date.UTC(2026, 3, 27));
  const kernel = new DryRunEnforcer(clock, () => undefined);
  const enforcement = new Enforcement({ kernel }, false, clock, {
    applied: () => undefined,
    failed: () => undefined,
  });
  const alerts: AlertItem[] = [];
  const logs: string[] = [];
  const p = {
    enforcement,
    kernel,
    evidence: new EvidenceStore(path.join(dir, "evidence.json"), 100),
    audit: new AuditLog(path.join(dir, "audit.jsonl"), 1 << 20, 1, clock),
    alert: (a: AlertItem) => alerts.push(a),
    events: { ban: true, unban: false, surge: true, badLines: true },
    exceptionsFor: (key: string) => (key.includes("/") ? ["2001:db8::5"] : []),
    log: (_level: string, msg: string) => logs.push(msg),
    alerts,
    logs,
    dir,
  };
  return p;
}

const ban = banDecision({
  ip: "2001:db8::/64",
  family: 6,
  prefix: 64,
  at: "2026-04-27T00:00:00.000Z",
  step: 1,
  durationSeconds: 600,
  until: "2026-04-27T00:10:00.000Z",
  except: ["2001:db8::5"],
});

describe("routing decisions", () => {
  it("queues a ban for enforcement, keeps its evidence, audits it and alerts; an unban undoes it with the ban's exceptions", async () => {
    const p = parts();
    const route = decisionRouter(() => p);
    route(ban);
    await p.enforcement.drain();
    expect(await p.kernel.list()).toEqual([
      { key: "2001:db8::/64", family: 6, timeoutSeconds: 600 },
    ]);
    expect(p.evidence.get("2001:db8::/64")?.enforcedBy).toBe("dry-run");
    expect(p.alerts.map((a) => a.category)).toEqual(["ban"]);
    route({
      type: "unban",
      ip: "2001:db8::/64",
      family: 6,
      prefix: 64,
      rule: "ban-expired",
      at: ban.until!,
      step: 1,
      bannedAt: ban.at,
    } as Decision);
    await p.enforcement.drain();
    expect(await p.kernel.list()).toEqual([]);
    expect(p.evidence.get("2001:db8::/64")).toBeUndefined();
    expect(p.alerts).toHaveLength(1); // unban messages are switched off
    p.audit.flush();
    const audit = fs
      .readFileSync(path.join(p.dir, "audit.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { event: string; enforcedBy?: string });
    expect(audit.map((r) => [r.event, r.enforcedBy ?? null])).toEqual([
      ["ban", "dry-run"],
      ["unban", null],
    ]);
  });

  it("logs a breaker trip loudly and always alerts it, and its own reset", () => {
    const p = { ...parts(), events: { ban: true, unban: true, surge: false, badLines: true } };
    const route = decisionRouter(() => p);
    route({
      type: "alert",
      rule: "ban-breaker",
      at: ban.at,
      evidence: {
        reason: "share",
        bansInPeriod: 1,
        actorsInPeriod: 1,
        periodSeconds: 60,
        activeClients: 1,
        maxShare: 0.2,
        allowed: 1,
        bansLastMinute: 1,
        maxPerMinute: 1,
        throttleMinTimesMean: 10,
        candidate: { ip: "x", rule: "zscore", rate: 1, requests: 1, score: 2 },
      },
    });
    route({
      type: "alert",
      rule: "ban-breaker-reset",
      at: ban.until!,
      evidence: { trippedAt: ban.at, reason: "share", throttledBans: 0 },
    });
    expect(p.logs).toEqual([
      "ban breaker tripped: only the worst offenders are banned until the storm is over or `swiftdeploy-detector breaker reset`",
      "ban breaker reset itself: the storm is over",
    ]);
    expect(p.alerts.map((a) => [a.category, a.rule])).toEqual([
      ["breaker", "ban-breaker"],
      ["breaker", "ban-breaker-reset"],
    ]);
  });

  it("logs lines going untracked and always alerts it, even with surge messages off", () => {
    const p = { ...parts(), events: { ban: true, unban: true, surge: false, badLines: true } };
    decisionRouter(() => p)({
      type: "alert",
      rule: "untracked-lines",
      at: ban.at,
      evidence: {
        untrackedLines: 500,
        trackedClients: 1000,
        maxClients: 1000,
        topSources: [{ ip: "10.0.0.1", lines: 40, overcount: 2 }],
        aggregatedPrefixes: [],
      },
    });
    expect(p.logs).toEqual(["client table full: lines counted only site-wide"]);
    expect(p.alerts.map((a) => [a.category, a.rule])).toEqual([["operations", "untracked-lines"]]);
  });

  it.each([
    [true, ["surge"]],
    [false, []],
  ])(
    "logs a bad-lines alert as a warning and sends it when alerts.events.badLines is %s",
    (wanted, categories) => {
      const p = parts();
      p.events.badLines = wanted;
      decisionRouter(() => p)({
        type: "alert",
        rule: "bad-lines",
        at: ban.at,
        evidence: {
          badLines: 400,
          lines: 410,
          share: 0.976,
          windowSeconds: 60,
          byReason: { tooLong: 400 },
          minLines: 100,
          minShare: 0.05,
          topSources: [{ ip: "203.0.113.66", lines: 400 }],
        },
      });
      expect(p.logs).toEqual(["surge of bad log lines: clients may be hidden"]);
      expect(p.alerts.map((a) => a.category)).toEqual(categories);
    },
  );

  it("never throws into the engine when a part fails", () => {
    const p = parts();
    const broken = {
      ...p,
      evidence: {
        put: () => {
          throw new Error("disk full");
        },
      } as unknown as EvidenceStore,
    };
    expect(() => decisionRouter(() => broken)(ban)).not.toThrow();
    expect(p.logs).toEqual(["decision could not be handled"]);
  });
});
