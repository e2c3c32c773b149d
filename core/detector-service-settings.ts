import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";

const share = z.number().min(0).max(1);
const port = z.int().min(1).max(65_535);

/** How bans reach the kernel (or an Nginx deny list) on the host. */
export const EnforcementSchema = z.strictObject({
  /** ipset sets referenced from iptables, an nftables table of its own, or log-only. */
  backend: z.enum(["ipset", "nftables", "dry-run"]).default("ipset"),
  /**
   * Name prefix of every kernel object the detector creates: ipset sets `<setName>-v4`/`-v6`, the
   * nftables table `<setName>`, and the comment on its iptables rules.
   */
  setName: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,23}$/, "must be lowercase letters, digits, - or _ (at most 24)")
    .default("swiftdeploy"),
  /** Capacity of each set; sized so a large attack never meets a full set. */
  maxElements: z.int().min(1024).max(16_777_216).default(1_048_576),
  /** Where bans apply: the forward path (DOCKER-USER) for Docker-published ports, INPUT for host listeners. */
  chains: z
    .strictObject({
      dockerUser: z.boolean().default(true),
      input: z.boolean().default(true),
    })
    .prefault({}),
  /** INPUT drops only these TCP ports for a banned client; empty means every port. */
  inputPorts: z.array(port).default([]),
  /** Ban IPv6 clients too (needs ip6tables or nft with IPv6). */
  ipv6: z.boolean().default(true),
  /** An alert is raised when a set is this full. */
  fillAlertShare: share.default(0.9),
  /** The kernel set is compared with the ban ledger this often (and at start). */
  reconcileSeconds: z.int().min(10).max(86_400).default(300),
  /** A kernel command that takes longer is killed and counted as failed. */
  commandTimeoutMs: z.int().min(100).max(600_000).default(30_000),
  /**
   * Bans of clients seen through a trusted proxy cannot be enforced by the kernel (the packets come
   * from the proxy): they go to this file of `deny <ip>;` lines, and `reloadCommand` runs after
   * each change. Required when `clientAddressSource` is `forwarded`.
   */
  nginxDenyList: z
    .strictObject({
      path: z.string().min(1).nullable().default(null),
      reloadCommand: z.array(z.string().min(1)).default([]),
      /** At most one reload per this interval; changes in between are written together. */
      minReloadIntervalMs: z.int().min(0).max(600_000).default(2000),
    })
    .prefault({}),
});

/** The live dashboard (loopback only by default; it is not public). */
export const DashboardSchema = z.strictObject({
  enabled: z.boolean().default(true),
  bindAddress: z
    .string()
    .refine((v) => isIPv4(v) || isIPv6(v), "must be an IP address (e.g. 127.0.0.1)")
    .default("127.0.0.1"),
  /** 0 picks a free port (tests). */
  port: z.int().min(0).max(65_535).default(9180),
  /** How often the page refreshes itself. */
  refreshSeconds: z.int().min(1).max(60).default(2),
  /** Minutes of per-second global rates kept for the chart. */
  historyMinutes: z.int().min(1).max(120).default(10),
  /** Most bans listed on the page (most recent first); the JSON API pages through all. */
  maxBansListed: z.int().min(10).max(100_000).default(200),
});

/** Slack-compatible webhook alerts; the URL comes only from SWIFTDEPLOY_ALERT_WEBHOOK_URL. */
export const AlertsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Which events send a message (the audit log records all of them regardless). */
  events: z
    .strictObject({
      ban: z.boolean().default(true),
      unban: z.boolean().default(true),
      surge: z.boolean().default(true),
      operations: z.boolean().default(true),
    })
    .prefault({}),
  /** Messages waiting to be sent; beyond it the least important are dropped (and counted). */
  queueSize: z.int().min(1).max(100_000).default(1000),
  timeoutMs: z.int().min(100).max(120_000).default(5000),
  retries: z.int().min(0).max(10).default(3),
  backoffMs: z.int().min(10).max(600_000).default(1000),
  maxBackoffMs: z.int().min(10).max(3_600_000).default(30_000),
  /**
   * During a flood, ban/unban messages beyond `maxMessages` per `windowSeconds` are folded into one
   * digest message per window.
   */
  coalesce: z
    .strictObject({
      windowSeconds: z.int().min(1).max(3600).default(10),
      maxMessages: z.int().min(1).max(1000).default(5),
    })
    .prefault({}),
});

/** The audit log: one JSON line per ban, unban, alert and operator action. */
export const AuditSchema = z.strictObject({
  /** Default: `<stateDir>/audit.jsonl`. */
  path: z.string().min(1).nullable().default(null),
  /** Rotated (renamed to .1, .2, …) beyond this size. */
  maxBytes: z
    .int()
    .min(1 << 16)
    .default(64 << 20),
  keep: z.int().min(1).max(100).default(4),
  /** Evidence of at most this many current bans is kept for `explain` and the dashboard. */
  evidenceKept: z.int().min(100).max(1_000_000).default(5000),
});

/** The false-positive storm breaker: never ban more than a share of the active clients at once. */
export const BreakerSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Bans allowed per period as a share of the clients active in the window… */
  maxShare: share.default(0.2),
  /** …but always at least this many. */
  minBans: z.int().min(1).default(10),
  /** The period (log time) those bans are counted over. */
  periodSeconds: z.int().min(10).max(86_400).default(60),
  /** Hard cap on bans in any minute (log time). */
  maxPerMinute: z.int().min(1).default(200),
  /** A tripped breaker resets itself after this long; 0: only the operator resets it. */
  autoResetMinutes: z.int().min(0).default(0),
});

/** The enforcement self-test: a banned address must really be dropped. */
export const SelfTestSchema = z.strictObject({
  /** Run at daemon start (the systemd unit runs it privileged just before the daemon). */
  onStart: z.boolean().default(true),
  /** Docker-published TCP ports to probe; empty: found in Docker's nat table (first 3). */
  dockerPorts: z.array(port).default([]),
  /** A /30 the self-test borrows for its namespace (benchmarking range, never routed). */
  subnet: z
    .string()
    .regex(/^\d+\.\d+\.\d+\.\d+\/30$/, "must be an IPv4 /30, e.g. 198.18.255.252/30")
    .default("198.18.255.252/30"),
  /** A probe not answered within this is counted as dropped. */
  probeTimeoutMs: z.int().min(100).max(30_000).default(1500),
  /** On failure: alert and keep enforcing what does work, or stop the daemon. */
  onFailure: z.enum(["alert", "stop"]).default("alert"),
});
