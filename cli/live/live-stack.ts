import type { OpaClient } from "../../gate";
import type { Manifest } from "../../core/manifest";
import type { AccessLogTail } from "./access-log-tail";
import type { LiveContainer } from "./containers";

/** The detector's state as `status` shows it. */
export interface DetectorSummary {
  readonly activeBans: number | null;
  /** The most recent bans (ip, rule, until). */
  readonly recent: readonly {
    readonly ip: string;
    readonly rule: string | null;
    readonly until: string | null;
  }[];
  /** Why the numbers are missing (dashboard unreachable, detector not installed, not on this target). */
  readonly error: string | null;
}

/** The detector's audit log as `audit` reads it. */
export interface DetectorAuditLines {
  readonly lines: string[];
  /** Why there are no lines (no log yet, not on this target). */
  readonly error: string | null;
  /** Where the log is, for the report ("/var/log/swiftdeploy/…" on the host). */
  readonly file: string;
}

/**
 * The running stack as the operator's verbs reach it, whatever its target: the workloads, the
 * proxy's live configuration, each API workload's port, OPA and the detector, all through private
 * paths (an SSH connection to the Docker host; the Kubernetes API server's port-forward), never
 * through the public port. One implementation per target (`live-targets.ts` picks it).
 */
export interface LiveStack {
  readonly manifest: Manifest;
  /** Where it runs, for headers and messages: `root@172.31.250.10`, `namespace sd on https://…`. */
  readonly label: string;
  /** The stack's workloads now (containers on Docker, pods on Kubernetes), sorted by name. */
  containers(): Promise<LiveContainer[]>;
  /** The nginx.conf the proxy runs now; null when none is deployed. */
  proxyConfig(): Promise<string | null>;
  /**
   * Nginx's access log past `fromBytes` ("end": only its size, to start a window at); null where
   * the target has no single log to read.
   */
  accessLogTail(fromBytes: number | "end"): Promise<AccessLogTail | null>;
  /** A request to an API workload's own port (its /metrics, /chaos), bounded in time. */
  requestApi(
    container: LiveContainer,
    pathname: string,
    init?: RequestInit,
    timeoutMs?: number,
  ): Promise<Response>;
  /** A client for the stack's OPA; throws PolicyUnreachable when none runs. */
  opa(log?: (line: string) => void): Promise<OpaClient>;
  /** The detector's bans, or why they cannot be shown. */
  detector(): Promise<DetectorSummary>;
  /** The detector's audit log (at most `maxLines` recent lines), or why it cannot be read. */
  detectorAudit(maxLines?: number): Promise<DetectorAuditLines>;
  /**
   * Runs one of the detector's operator verbs (`bans`, `ban`, `unban`, `explain`) where it runs and
   * returns its JSON answer; throws NotOnTarget where the detector cannot be driven yet.
   */
  detectorVerb(args: readonly string[]): Promise<unknown>;
  /** Closes every connection and forward. */
  close(): Promise<void>;
}
