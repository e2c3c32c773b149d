import { z } from "zod";

/** Seconds a slow request may be held: bounded so a drain on SIGTERM stays within its timeout. */
export const MAX_SLOW_SECONDS = 10;

const rate = z
  .number({ error: "a number from 0 to 1" })
  .min(0, { error: "a number from 0 to 1" })
  .max(1, { error: "a number from 0 to 1" })
  .default(1);

const duration = z
  .number({ error: `seconds, a number above 0 and at most ${MAX_SLOW_SECONDS}` })
  .gt(0, { error: `seconds, a number above 0 and at most ${MAX_SLOW_SECONDS}` })
  .max(MAX_SLOW_SECONDS, { error: `seconds, a number above 0 and at most ${MAX_SLOW_SECONDS}` });

/** A variant whose unknown fields are refused with the list of the fields it takes. */
function variant<S extends z.core.$ZodLooseShape>(mode: string, shape: S) {
  const fields = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `only ${fields} when mode is "${mode}"` : undefined,
  });
}

/** Body of `POST /chaos`: `rate` is the share of requests affected (default: all). */
export const ChaosRequest = z.discriminatedUnion(
  "mode",
  [
    variant("error", { mode: z.literal("error"), rate }),
    variant("slow", { mode: z.literal("slow"), duration, rate }),
    variant("recover", { mode: z.literal("recover") }),
  ],
  {
    error: (issue) =>
      issue.code === "invalid_union" ? 'one of "error", "slow", "recover"' : "a JSON object",
  },
);
export type ChaosRequest = z.output<typeof ChaosRequest>;

/** The chaos in force, as `POST /chaos` reports it. */
export const ChaosState = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("none") }),
  z.object({ mode: z.literal("error"), rate: z.number() }),
  z.object({ mode: z.literal("slow"), duration: z.number(), rate: z.number() }),
]);
export type ChaosState = z.output<typeof ChaosState>;
