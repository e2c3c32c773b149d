import type { DetectorSettings } from "../../core/detector-settings";
import {
  badLinesAlert,
  banAlert,
  breakerAlert,
  breakerResetAlert,
  surgeAlert,
  unbanAlert,
  untrackedAlert,
} from "../alert/format-alert";
import type { AlertItem } from "../alert/alert-item";
import type { AuditLog } from "../audit/audit-log";
import type { EvidenceStore } from "../audit/evidence-store";
import {
  isBadLinesAlert,
  isBreakerAlert,
  isBreakerReset,
  isUntrackedAlert,
  type Decision,
} from "../decide/decision";
import type { BanRoute } from "../enforce/ban-route";
import type { Enforcement } from "../enforce/enforcement";

/** Names the backends a ban went to ("ipset", "nginx-deny", "ipset+nginx-deny"). */
export function enforcedByName(route: BanRoute, kernel: string, nginx: string | undefined): string {
  const parts = [
    ...(route.kernel ? [kernel] : []),
    ...(route.nginx && nginx !== undefined ? [nginx] : []),
  ];
  return parts.length === 0 ? "none" : parts.join("+");
}

/** Where decisions go. */
export interface RouterParts {
  readonly enforcement: Enforcement;
  readonly evidence: EvidenceStore;
  readonly audit: AuditLog;
  readonly alert: (item: AlertItem) => void;
  readonly events: DetectorSettings["alerts"]["events"];
  /** Allowlisted addresses inside a banned prefix (for an unban whose ban evidence is gone). */
  readonly exceptionsFor: (key: string) => string[];
  readonly log: (
    level: "info" | "warn" | "error",
    msg: string,
    fields?: Record<string, unknown>,
  ) => void;
}

/**
 * Sends each decision on: bans and unbans to enforcement (queued, batched), every decision to the
 * audit log with its evidence, and a message to the alert queue when that kind of event is wanted.
 * It never throws into the engine: a failure here is logged, and detection goes on.
 */
export function decisionRouter(parts: () => RouterParts): (d: Decision) => void {
  return (d) => {
    const p = parts();
    try {
      if (d.type === "ban") {
        const route = p.enforcement.ban(d);
        const [kernel, nginx] = p.enforcement.enforcers.map((e) => e.backend);
        const enforcedBy = enforcedByName(route, kernel!, nginx);
        p.evidence.put({ decision: d, enforcedBy });
        p.audit.record("ban", { decision: d, enforcedBy });
        // An operator's act is always announced, whatever the event filter says.
        if (p.events.ban || d.operator !== undefined) p.alert(banAlert(d, enforcedBy));
        return;
      }
      if (d.type === "unban") {
        const except = p.evidence.get(d.ip)?.decision.except ?? p.exceptionsFor(d.ip);
        p.enforcement.unban(d.ip, d.family, except);
        p.evidence.delete(d.ip);
        p.audit.record("unban", { decision: d });
        if (p.events.unban || d.actor !== undefined) p.alert(unbanAlert(d));
        return;
      }
      p.audit.record("alert", { decision: d });
      if (isBreakerAlert(d)) {
        p.log(
          "error",
          "ban breaker tripped: only the worst offenders are banned until the storm is over or `swiftdeploy-detector breaker reset`",
          { evidence: d.evidence },
        );
        p.alert(breakerAlert(d));
      } else if (isBreakerReset(d)) {
        p.log("info", "ban breaker reset itself: the storm is over", { evidence: d.evidence });
        p.alert(breakerResetAlert(d));
      } else if (isUntrackedAlert(d)) {
        p.log("warn", "client table full: lines counted only site-wide", {
          evidence: d.evidence,
        });
        p.alert(untrackedAlert(d));
      } else if (isBadLinesAlert(d)) {
        p.log("warn", "surge of bad log lines: clients may be hidden", { evidence: d.evidence });
        if (p.events.badLines) p.alert(badLinesAlert(d));
      } else if (p.events.surge) p.alert(surgeAlert(d));
    } catch (error) {
      p.log("error", "decision could not be handled", {
        type: d.type,
        error: (error as Error).message,
      });
    }
  };
}
