import { operationsAlert } from "../alert/format-alert";
import type { AlertItem } from "../alert/alert-item";
import type { AuditLog } from "../audit/audit-log";
import type { EnforcementEvents } from "../enforce/enforcement";
import type { Output } from "../io/output";

/** Refused bans and failed batches: logged, audited and alerted, never silent. */
export function enforcementEvents(
  out: Output,
  audit: () => AuditLog,
  alert: (item: AlertItem) => void,
): EnforcementEvents {
  return {
    applied: (backend, result, ms) => {
      if (result.failed.length === 0) return;
      const first = result.failed[0]!;
      out.log("error", "bans refused by the backend", {
        backend,
        failed: result.failed.length,
        first,
        ms: Math.round(ms),
      });
      audit().record("enforcement", { backend, failed: result.failed.slice(0, 100) });
      alert(
        operationsAlert(
          `:warning: *${result.failed.length} bans could not be enforced* by ${backend}: ${first.key}: ${first.error}`,
        ),
      );
    },
    failed: (backend, error) => {
      out.log("error", "enforcement batch failed", { backend, error: error.message });
      audit().record("enforcement", { backend, error: error.message });
      alert(operationsAlert(`:warning: *Enforcement failed* (${backend}): ${error.message}`));
    },
  };
}
