import { systemClock } from "../../../core/clock";
import { AuditLog } from "../../audit/audit-log";
import type { VerbContext } from "./verb-context";

/** The daemon's audit log, for a verb that changes the saved state while the daemon is stopped. */
export function offlineAuditLog(ctx: Pick<VerbContext, "settings" | "store">): AuditLog {
  const s = ctx.settings;
  return new AuditLog(
    s.audit.path ?? ctx.store.file("audit.jsonl"),
    s.audit.maxBytes,
    s.audit.keep,
    systemClock,
  );
}
