import { z } from "zod";
import { decimal, flag, positiveDecimal, wholeNumber } from "./fields";
import { GuardrailsSchema } from "./guardrails-schema";

/** May we deploy onto this host? Compared with what the host reports over SSH. */
export const DeployThresholdsSchema = z
  .strictObject({
    minDiskFreeGb: decimal(0, 1000000, "GB")
      .default(2)
      .describe("Free disk the Docker data directory must have, in GB."),
    maxLoadPerCpu: positiveDecimal(0, 1000)
      .default(2)
      .describe("Highest 1-minute load average per CPU allowed."),
    minMemoryFreeMb: wholeNumber(0, 16777216, "MB")
      .default(256)
      .describe("Available memory the host must have, in MB."),
  })
  .describe("Deploy gate (OPA `infrastructure` policy): may we deploy onto this host?");

const RelativeSchema = z
  .strictObject({
    enabled: flag().default(false).describe("Also compare the canary with stable."),
    maxErrorRateIncrease: decimal(0, 1)
      .default(0.005)
      .describe("Largest allowed canary error rate minus stable error rate (0.005 = 0.5 points)."),
    maxP99Ratio: decimal(1, 100)
      .default(1.5)
      .describe("Largest allowed canary p99 divided by stable p99."),
  })
  .describe("Optional relative check: canary against stable over the same window.");

/** May this canary be promoted? Compared with the canary's metrics over a sliding window. */
export const PromotionThresholdsSchema = z
  .strictObject({
    maxErrorRate: decimal(0, 1)
      .default(0.01)
      .describe("Highest share of 5xx responses allowed (0.01 = 1 %)."),
    maxP99Ms: wholeNumber(1, 600000, "milliseconds")
      .default(500)
      .describe("Highest 99th-percentile latency allowed, in ms."),
    minRequests: wholeNumber(1, 1000000000, "requests")
      .default(100)
      .describe("Requests the canary must have served in the window; fewer means do not promote."),
    windowSeconds: wholeNumber(10, 86400, "seconds")
      .default(60)
      .describe("Sliding analysis window, in seconds."),
    relative: RelativeSchema.prefault({}),
  })
  .describe("Promotion gate (OPA `canary` policy): may this canary be promoted?");

/** All thresholds: the single source for OPA's data document and the CrossGuard pack's config. */
export const PolicySchema = z
  .strictObject({
    deploy: DeployThresholdsSchema.prefault({}),
    promotion: PromotionThresholdsSchema.prefault({}),
    guardrails: GuardrailsSchema.prefault({}),
  })
  .describe("Thresholds for the OPA gates and the CrossGuard pack, kept in one place.");

/** Deploy gate thresholds. */
export type DeployThresholds = z.output<typeof DeployThresholdsSchema>;
/** Promotion gate thresholds. */
export type PromotionThresholds = z.output<typeof PromotionThresholdsSchema>;
/** The typed `policy` section. */
export type PolicyConfig = z.output<typeof PolicySchema>;
