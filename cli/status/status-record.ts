import type { RecordBody, StatusRecord } from "../history/history-record";
import type { StatusSnapshot } from "./status-collector";

/** The history line of one snapshot. */
export function statusRecordBody(snapshot: StatusSnapshot): RecordBody<StatusRecord> {
  return {
    kind: "status",
    mode: snapshot.mode,
    versions: [...snapshot.versions],
    policy: snapshot.policy,
    detector: { activeBans: snapshot.detector.activeBans, error: snapshot.detector.error },
  };
}
