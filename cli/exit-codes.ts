import { ErrorCode } from "../core/errors";

/**
 * The exit codes scripts can rely on, defined once (documented in cli/README.md). A code names an
 * outcome, never a message: messages may be reworded, these numbers do not change.
 */
export const ExitCode = {
  Ok: 0,
  /** Something unexpected (a bug, or an error without a code). */
  Failed: 1,
  /** Bad command line: unknown verb or option, missing or malformed argument. */
  Usage: 2,
  /** OPA said no (promotion refused, deploy gate denied). */
  PolicyDenied: 3,
  /** `promote --watch` rolled the canary back after consecutive failed checks. */
  RolledBack: 4,
  /** `validate`: at least one pre-flight check failed. */
  ChecksFailed: 5,
  /** manifest.yaml or Pulumi.<stack>.yaml is invalid or missing. */
  ConfigInvalid: 6,
  /** The release does not allow this (no canary to promote, another canary running, …). */
  ReleaseState: 7,
  /** OPA gave no decision (unreachable, no policy loaded): nothing was changed. */
  PolicyUnreachable: 8,
  /** A required tool (the Pulumi CLI) is missing. */
  ToolMissing: 9,
  /** The host could not be reached or a command on it failed (SSH, Docker, the API). */
  RemoteFailed: 10,
  /** The Pulumi engine failed (up, preview, destroy). */
  EngineFailed: 11,
  /** A bounded wait ran out (stack not healthy in time, watch without a decision). */
  TimedOut: 12,
  /**
   * A destructive command was not confirmed (teardown of a stack other than dev without `--yes`
   * off a terminal, or not answered with the stack's name): nothing was changed.
   */
  NotConfirmed: 13,
  /**
   * The verb (or the part asked for) does not work on the stack's target yet, e.g. the detector's
   * dashboard on Kubernetes: nothing was changed, and the message says why.
   */
  NotOnTarget: 14,
  /**
   * The detector refused an operator's ban: the address is allowlisted, loopback or the host's
   * own, or the prefix is too wide. Nothing was banned.
   */
  BanRefused: 15,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

// Partial: codes only other programs raise (the detector's) need no CLI exit code of their own.
const BY_ERROR_CODE: Partial<Record<ErrorCode, ExitCode>> = {
  [ErrorCode.ManifestInvalid]: ExitCode.ConfigInvalid,
  [ErrorCode.ManifestNotFound]: ExitCode.ConfigInvalid,
  [ErrorCode.ConfigInvalid]: ExitCode.ConfigInvalid,
  [ErrorCode.ReleaseState]: ExitCode.ReleaseState,
  [ErrorCode.EngineFailed]: ExitCode.EngineFailed,
  [ErrorCode.ChecksFailed]: ExitCode.ChecksFailed,
  [ErrorCode.RolledBack]: ExitCode.RolledBack,
  [ErrorCode.TimedOut]: ExitCode.TimedOut,
  [ErrorCode.PolicyDenied]: ExitCode.PolicyDenied,
  [ErrorCode.PolicyUnreachable]: ExitCode.PolicyUnreachable,
  [ErrorCode.ToolMissing]: ExitCode.ToolMissing,
  [ErrorCode.RemoteFailed]: ExitCode.RemoteFailed,
  [ErrorCode.HostKeyMismatch]: ExitCode.RemoteFailed,
  [ErrorCode.HostAccess]: ExitCode.RemoteFailed,
  [ErrorCode.HostIpv6]: ExitCode.RemoteFailed,
  // The CLI always runs the pack; the program raises this only for a plain `pulumi up`.
  [ErrorCode.Unguarded]: ExitCode.ConfigInvalid,
  [ErrorCode.NotOnTarget]: ExitCode.NotOnTarget,
  [ErrorCode.BanRefused]: ExitCode.BanRefused,
  [ErrorCode.Internal]: ExitCode.Failed,
};

/** The exit code for an error code; a code without a mapping exits 1. */
export function exitCodeFor(code: ErrorCode): ExitCode {
  return BY_ERROR_CODE[code] ?? ExitCode.Failed;
}
