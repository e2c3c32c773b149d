/** Seconds per unit of a duration text. */
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;

/** The longest manual ban length accepted (ten years): longer is `permanent`. */
export const MAX_DURATION_SECONDS = 315_360_000;

/**
 * Parses an operator's ban length: `90s`, `10m`, `2h`, `1d`, `1w`, combinations such as `1h30m`,
 * or `permanent` (null). Returns an error text naming what was expected when it is not one.
 */
export function parseDurationText(text: string): { seconds: number | null } | { error: string } {
  const t = text.trim().toLowerCase();
  if (t === "permanent") return { seconds: null };
  const expected = `expected a length such as 90s, 10m, 2h, 1d, 1h30m or "permanent", not ${JSON.stringify(text)}`;
  if (!/^(\d+[smhdw])+$/.test(t)) return { error: expected };
  let seconds = 0;
  for (const m of t.matchAll(/(\d+)([smhdw])/g))
    seconds += Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
  if (seconds < 1) return { error: `the length must be at least 1s, not ${JSON.stringify(text)}` };
  if (seconds > MAX_DURATION_SECONDS)
    return {
      error: `the length must be at most 3650d (use "permanent"), not ${JSON.stringify(text)}`,
    };
  return { seconds };
}
