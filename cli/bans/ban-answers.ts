import { z } from "zod";

/** Who banned by hand, and why (a manual ban's `decision.operator`). */
const OperatorSchema = z.object({ actor: z.string(), reason: z.string().nullable() });

/** The part of a ban's evidence the table summarises (the detector sends more). */
const DecisionSchema = z
  .object({
    rule: z.string(),
    operator: OperatorSchema.optional(),
    evidence: z
      .object({
        rate: z.number(),
        requests: z.number(),
        windowSeconds: z.number(),
        zScore: z.number(),
        errorShare: z.number(),
      })
      .partial()
      .optional(),
  })
  .passthrough();

/** One current ban as `swiftdeploy-detector bans` and `explain` answer it. */
export const BanRowSchema = z
  .object({
    ip: z.string(),
    rule: z.string().nullable(),
    step: z.number(),
    bannedAt: z.string(),
    until: z.string().nullable(),
    secondsLeft: z.number().nullable(),
    enforcedBy: z.string().nullable(),
    decision: DecisionSchema.nullable(),
  })
  .passthrough();
export type BanRow = z.infer<typeof BanRowSchema>;

/** `bans`: a page of current bans; `daemon` is set when it answered from the saved state. */
export const BanPageSchema = z
  .object({ total: z.number(), rows: z.array(BanRowSchema), daemon: z.string().optional() })
  .passthrough();
export type BanPage = z.infer<typeof BanPageSchema>;

/** `explain`: the ban, the offender's record and its audit history. */
export const ExplainSchema = z
  .object({
    ip: z.string(),
    banned: BanRowSchema.nullable(),
    offender: z
      .object({
        step: z.number(),
        effectiveStep: z.number(),
        lastOffenceAt: z.string(),
        releasedAt: z.string().nullable(),
      })
      .nullable(),
    history: z.array(z.record(z.string(), z.unknown())),
    daemon: z.string().optional(),
    ownHistory: z
      .object({
        mean: z.number(),
        stddev: z.number(),
        snapshots: z.number(),
        minSnapshots: z.number(),
        limitRps: z.number().nullable(),
        siteLimitRps: z.number(),
      })
      .nullable()
      .optional(),
  })
  .passthrough();
export type Explain = z.infer<typeof ExplainSchema>;

/** `ban`: the ban made; `unban`: the keys lifted. */
export const BanMadeSchema = z.object({ banned: BanRowSchema }).passthrough();
export const LiftedSchema = z
  .object({ lifted: z.array(z.string()), daemon: z.string().optional() })
  .passthrough();
