import { z } from "zod";
import { text, wholeNumber } from "./fields";

/** Versions double as image tags, so they use the tag alphabet. Quote them in YAML ("1.0"). */
export const VERSION = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A version string; YAML reads an unquoted 1.0 as a number, hence the hint. */
export function version() {
  return text(VERSION, 'a version string like "1.2.3" (quote it in YAML)');
}

const CanarySchema = z
  .strictObject({
    version: version().describe("Version the canary runs."),
    weight: wholeNumber(0, 100, "percent").describe(
      "Share of requests sent to the canary: 0 = none, 100 = all.",
    ),
  })
  .describe("Optional canary: a second deployment that receives `weight` percent of the traffic.");

/** Which versions run and how traffic is split between them. */
export const ReleaseSchema = z
  .strictObject({
    stable: z
      .strictObject({ version: version().describe("Version the stable deployment runs.") })
      .describe("The stable deployment."),
    canary: CanarySchema.optional(),
  })
  .describe("Which versions run and how the traffic is split.");

/** The typed `release` section. */
export type ReleaseConfig = z.output<typeof ReleaseSchema>;
