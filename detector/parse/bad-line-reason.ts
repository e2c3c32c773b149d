/** Why a log line could not be used. Numeric codes keep the hot path free of strings. */
export const BadLine = {
  Ok: 0,
  NotJson: 1,
  MissingField: 2,
  TooLong: 3,
  InvalidUtf8: 4,
  BadAddress: 5,
  BadTimestamp: 6,
} as const;
export type BadLine = (typeof BadLine)[keyof typeof BadLine];

/** Stable names of the reasons (summary keys, log fields); index = code. */
export const BAD_LINE_NAMES = [
  "ok",
  "notJson",
  "missingField",
  "tooLong",
  "invalidUtf8",
  "badAddress",
  "badTimestamp",
] as const;
export type BadLineName = (typeof BAD_LINE_NAMES)[number];
