import { z } from "zod";

const Release = z.object({
  stable: z.string(),
  canary: z.object({ version: z.string(), weight: z.number() }).nullable(),
});

/** One version's traffic over an analysis window. */
export const WindowStatsSchema = z.object({
  windowSeconds: z.number(),
  requests: z.number(),
  errors: z.number(),
  /** Requests per second. */
  requestRate: z.number(),
  /** 5xx share; null without requests. */
  errorRate: z.number().nullable(),
  p99Ms: z.number().nullable(),
  p99BeyondBuckets: z.boolean(),
});
export type WindowStats = z.output<typeof WindowStatsSchema>;

/** OPA's answer as recorded: the verdict, its reasons, and why OPA could not answer if so. */
export const RecordedDecisionSchema = z.object({
  allow: z.boolean(),
  /** promote | hold | reject, or error when OPA gave no decision. */
  verdict: z.string(),
  reasons: z.array(z.string()),
  failure: z.string().optional(),
});
export type RecordedDecision = z.output<typeof RecordedDecisionSchema>;

const base = {
  /** Format version of the line. */
  v: z.literal(1),
  at: z.string(),
  stack: z.string(),
  /** user@host. */
  actor: z.string(),
};

/** A Pulumi operation the CLI ran. */
export const DeployRecordSchema = z.object({
  ...base,
  kind: z.literal("deploy"),
  operation: z.enum(["up", "preview", "destroy"]),
  /** Why: "deploy", "canary start 1.1.0", "promote 1.1.0", … */
  purpose: z.string(),
  result: z.enum(["succeeded", "failed"]),
  durationMs: z.number(),
  changes: z.record(z.string(), z.number()),
  errors: z.array(z.string()),
  policyViolations: z.array(z.string()),
});

/** A change of the release in manifest.yaml and whether the update that applied it succeeded. */
export const ReleaseRecordSchema = z.object({
  ...base,
  kind: z.literal("release"),
  action: z.enum(["canary-start", "canary-weight", "promote", "rollback"]),
  before: Release,
  after: Release,
  reason: z.string(),
  result: z.enum(["succeeded", "failed"]),
  error: z.string().optional(),
});

/** One promotion check: what was measured, against which thresholds, and what OPA said. */
export const CheckRecordSchema = z.object({
  ...base,
  kind: z.literal("promotion-check"),
  mode: z.enum(["once", "watch"]),
  canaryVersion: z.string(),
  stableVersion: z.string(),
  canary: WindowStatsSchema,
  stable: WindowStatsSchema.nullable(),
  /** The same window as Nginx saw each version (its access log); absent where it was not read. */
  edge: z.object({ canary: WindowStatsSchema, stable: WindowStatsSchema }).optional(),
  thresholds: z.record(z.string(), z.unknown()),
  decision: RecordedDecisionSchema,
  /** promote, hold (too little data), fail (a check failed), error (no decision). */
  outcome: z.enum(["promote", "hold", "fail", "error"]),
});

/** A chaos request sent to the canary. */
export const ChaosRecordSchema = z.object({
  ...base,
  kind: z.literal("chaos"),
  version: z.string(),
  container: z.string(),
  request: z.object({
    mode: z.string(),
    rate: z.number().optional(),
    duration: z.number().optional(),
  }),
  /** The chaos in force as the canary reported it. */
  state: z.string(),
});

/** One version's line in a status scrape. */
export const StatusVersionSchema = z.object({
  track: z.string(),
  version: z.string(),
  container: z.string(),
  health: z.string(),
  weight: z.number().nullable(),
  chaos: z.string().nullable(),
  stats: WindowStatsSchema.nullable(),
  /** The same window as Nginx saw this track (absent where its access log is not read). */
  edge: WindowStatsSchema.nullable().optional(),
  error: z.string().nullable(),
});

/** One `status` scrape. */
export const StatusRecordSchema = z.object({
  ...base,
  kind: z.literal("status"),
  /** "stable" or "canary 1.1.0 at 10 %": what the proxy does now. */
  mode: z.string(),
  versions: z.array(StatusVersionSchema),
  policy: RecordedDecisionSchema.nullable(),
  detector: z.object({ activeBans: z.number().nullable(), error: z.string().nullable() }),
});

/** Any line of history.jsonl. */
export const HistoryRecordSchema = z.discriminatedUnion("kind", [
  DeployRecordSchema,
  ReleaseRecordSchema,
  CheckRecordSchema,
  ChaosRecordSchema,
  StatusRecordSchema,
]);
export type HistoryRecord = z.output<typeof HistoryRecordSchema>;
export type DeployRecord = z.output<typeof DeployRecordSchema>;
export type ReleaseRecord = z.output<typeof ReleaseRecordSchema>;
export type CheckRecord = z.output<typeof CheckRecordSchema>;
export type ChaosRecord = z.output<typeof ChaosRecordSchema>;
export type StatusRecord = z.output<typeof StatusRecordSchema>;
export type StatusVersion = z.output<typeof StatusVersionSchema>;

/** A record before the common fields are stamped on it. */
export type RecordBody<R extends HistoryRecord = HistoryRecord> = R extends HistoryRecord
  ? Omit<R, "v" | "at" | "stack" | "actor">
  : never;
