import { readFileSync } from "node:fs";
import path from "node:path";
import { parseDetectorAudit } from "../../../../cli/audit/detector-audit";
import type { AuditSources } from "../../../../cli/audit/report-builder";
import { parseHistory } from "../../../../cli/history/history-file";

const FIXTURES = path.resolve(__dirname, "../../../fixtures/cli");

/** The report sources from test/fixtures/cli (history, detector audit log) and two engine updates. */
export function fixtureSources(): AuditSources {
  const history = parseHistory(readFileSync(path.join(FIXTURES, "history-sample.jsonl"), "utf8"));
  const detector = parseDetectorAudit(
    readFileSync(path.join(FIXTURES, "detector-audit.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l !== ""),
  );
  return {
    stack: "dev",
    generatedAt: "2026-11-25T11:00:00.000Z",
    generatedBy: "alice@laptop",
    history: { file: "history.jsonl", ...history },
    detector: { file: "/var/lib/swiftdeploy/api/detector/audit.jsonl", ...detector, error: null },
    updates: {
      records: [
        {
          version: 2,
          kind: "update",
          result: "succeeded",
          startTime: "2026-11-25T10:04:05.000Z",
          endTime: "2026-11-25T10:05:09.000Z",
          message: "swiftdeploy promote 1.1.0 by alice@laptop",
          changes: { create: 1, delete: 2 },
        },
        {
          version: 1,
          kind: "update",
          result: "succeeded",
          startTime: "2026-11-25T10:00:00.000Z",
          endTime: "2026-11-25T10:01:11.000Z",
          message: "swiftdeploy deploy by alice@laptop",
          changes: { create: 35 },
        },
      ],
      error: null,
    },
  };
}
