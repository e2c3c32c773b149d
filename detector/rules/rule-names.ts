/** Names of the rules that produce decisions; scripts outside the project rely on them. */
export const Rule = {
  ZScore: "zscore",
  Multiplier: "multiplier",
  ErrorShare: "error-share",
  /** A client broke the limit of its own history while staying under the site's. */
  OwnHistory: "own-history",
  GlobalSurge: "global-surge",
  GlobalSurgeEnd: "global-surge-end",
  BanExpired: "ban-expired",
  /** The false-positive storm breaker tripped: bans are held. */
  BanBreaker: "ban-breaker",
  /** The storm breaker reset itself: the storm was over. */
  BanBreakerReset: "ban-breaker-reset",
  /** The client table was full: lines counted only site-wide. */
  UntrackedLines: "untracked-lines",
  /** A surge of over-long or unreadable log lines. */
  BadLines: "bad-lines",
  /** An operator lifted a ban (`swiftdeploy-detector unban`, `flush`). */
  OperatorLift: "operator-lift",
  /** Another node lifted a ban of the shared ban list (sharedBans). */
  SharedLift: "shared-lift",
  /** An operator banned an address by hand (`swiftdeploy ban`, `swiftdeploy-detector ban`). */
  Operator: "operator",
} as const;
export type Rule = (typeof Rule)[keyof typeof Rule];
