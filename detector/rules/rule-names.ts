/** Names of the rules that produce decisions; scripts outside the project rely on them. */
export const Rule = {
  ZScore: "zscore",
  Multiplier: "multiplier",
  ErrorShare: "error-share",
  GlobalSurge: "global-surge",
  GlobalSurgeEnd: "global-surge-end",
  BanExpired: "ban-expired",
} as const;
export type Rule = (typeof Rule)[keyof typeof Rule];
