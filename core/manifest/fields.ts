import { z } from "zod";

// Every field schema carries one phrase used for all its failures, so a problem always reads
// "expected <phrase>, found <value>" whichever check tripped (type, integer, lower or upper bound).

/** A whole number in [min, max]; `unit` is appended to the phrase ("seconds", "MB"). */
export function wholeNumber(min: number, max: number, unit = "") {
  const error = `a whole number from ${min} to ${max}${unit ? ` (${unit})` : ""}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** A number (fractions allowed) in [min, max]. */
export function decimal(min: number, max: number, unit = "") {
  const error = `a number from ${min} to ${max}${unit ? ` (${unit})` : ""}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

/** A number greater than `min` (exclusive) and at most `max`. */
export function positiveDecimal(min: number, max: number, unit = "") {
  const error = `a number above ${min} and at most ${max}${unit ? ` (${unit})` : ""}`;
  return z.number({ error }).gt(min, { error }).max(max, { error });
}

/** A TCP port. */
export function port() {
  return wholeNumber(1, 65535);
}

/** true or false (YAML booleans only: "yes" and quoted strings are not accepted). */
export function flag() {
  return z.boolean({ error: "true or false" });
}

/** A string matching `pattern`, described by `phrase` in errors. */
export function text(pattern: RegExp, phrase: string) {
  return z.string({ error: phrase }).regex(pattern, { error: phrase });
}

/** A string accepted by `accept`, described by `phrase` in errors. */
export function checked(accept: (value: string) => boolean, phrase: string) {
  return z.string({ error: phrase }).refine(accept, { error: phrase });
}

/** One of a fixed set of strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });
}

/** A list of `item`, described as "a list of <itemPhrase>". */
export function listOf<T extends z.ZodType>(item: T, itemPhrase: string) {
  return z.array(item, { error: `a list of ${itemPhrase}` });
}
