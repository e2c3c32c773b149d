import type { DetectorSettings } from "../../core/detector-settings";
import { displayKey } from "../address/client-key";
import type { UntrackedEvidence } from "../decide/decision";
import type { ClientTable } from "../window/client-table";
import type { UntrackedReport } from "../window/table-pressure";

const MAX_PREFIXES = 10;

function shown(id: number | string, prefix: number): string {
  return displayKey({ family: typeof id === "number" ? 4 : 6, id, prefix });
}

/** The evidence of an untracked-lines alert: addresses as people read them. */
export function untrackedEvidence(
  report: UntrackedReport,
  table: ClientTable,
  s: DetectorSettings,
): UntrackedEvidence {
  return {
    untrackedLines: report.untrackedLines,
    trackedClients: report.trackedClients,
    maxClients: s.tracking.maxClients,
    topSources: report.topSources.map((h) => ({
      ip: shown(h.id, h.tag),
      lines: h.count,
      overcount: h.error,
    })),
    aggregatedPrefixes: report.aggregates.slice(0, MAX_PREFIXES).map((slot) => ({
      ip: displayKey(table.clientKey(slot)!),
      requests: table.totals[slot]!,
    })),
  };
}
