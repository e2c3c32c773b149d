/** Stable error codes: scripts and the CLI's exit codes rely on these names, never on message text. */
export const ErrorCode = {
  ManifestInvalid: "SD_MANIFEST_INVALID",
  ManifestNotFound: "SD_MANIFEST_NOT_FOUND",
  ConfigInvalid: "SD_CONFIG_INVALID",
  /** The release in the manifest does not allow the operation (no canary to promote, …). */
  ReleaseState: "SD_RELEASE_STATE",
  /** A Pulumi operation (up, preview, destroy) failed. */
  EngineFailed: "SD_ENGINE_FAILED",
  /** One or more pre-flight checks failed. */
  ChecksFailed: "SD_CHECKS_FAILED",
  /** A watched promotion failed its checks and the canary was rolled back. */
  RolledBack: "SD_ROLLED_BACK",
  /** A bounded wait ended before its condition held. */
  TimedOut: "SD_TIMED_OUT",
  PolicyDenied: "SD_POLICY_DENIED",
  PolicyUnreachable: "SD_POLICY_UNREACHABLE",
  ToolMissing: "SD_TOOL_MISSING",
  RemoteFailed: "SD_REMOTE_FAILED",
  Internal: "SD_INTERNAL",
  SelfTestFailed: "SD_SELFTEST_FAILED",
  /** The SSH host presented a key other than the pinned one: nothing was run on it. */
  HostKeyMismatch: "SD_HOST_KEY_MISMATCH",
  /** A file could not be written whole (a full disk); the previous content was kept. */
  WriteFailed: "SD_WRITE_FAILED",
  /** What was asked does not work on the stack's target yet (the message says why and what does). */
  NotOnTarget: "SD_NOT_ON_TARGET",
  /** The program ran without the CrossGuard pack and the stack does not allow that. */
  Unguarded: "SD_UNGUARDED",
  /** The deploy user cannot do what the stack needs on the host (log in, sudo without a password, Docker). */
  HostAccess: "SD_HOST_ACCESS",
  /** IPv6 is on in the manifest but the host's Docker would hand Nginx IPv6 clients as its gateway. */
  HostIpv6: "SD_HOST_IPV6",
  /** The detector refused an operator's ban (an allowlisted, loopback or host address, too wide a prefix). */
  BanRefused: "SD_BAN_REFUSED",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error a user can act on: what was found, what was expected, what to do. */
export class SwiftDeployError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(
      details.length > 0 ? `${message}\n${details.map((d) => `  - ${d}`).join("\n")}` : message,
    );
    this.name = "SwiftDeployError";
    // The message is the whole story for a user. A stack through node_modules/@pulumi/*.ts frames
    // also sends Node 20/22's util.inspect (which the Pulumi SDK uses to print errors) into a
    // minute-long loop before it gives up.
    this.stack = `${this.name} [${code}]: ${this.message}`;
  }
}
