import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";

const share = z.number().min(0).max(1);
const port = z.int().min(1).max(65_535);

/** How bans reach the kernel (or an Nginx deny list) on the host. */
export const EnforcementSchema = z
  .strictObject({
    backend: z
      .enum(["ipset", "nftables", "dry-run"])
      .default("ipset")
      .describe(
        "ipset sets referenced from iptables, an nftables table of the detector's own, or log-only.",
      ),
    setName: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,23}$/, "must be lowercase letters, digits, - or _ (at most 24)")
      .default("swiftdeploy")
      .describe(
        "Name of the kernel objects: ipset sets <setName>-v4/-v6, nft table <setName>, the comment on its iptables rules.",
      ),
    maxElements: z
      .int()
      .min(1024)
      .max(16_777_216)
      .default(1_048_576)
      .describe("Capacity of each ban set, sized so a large attack never meets a full set."),
    chains: z
      .strictObject({
        dockerUser: z
          .boolean()
          .default(true)
          .describe(
            "Drop banned clients on the forward path (DOCKER-USER): Docker-published ports bypass INPUT.",
          ),
        input: z.boolean().default(true).describe("Drop banned clients in INPUT (host listeners)."),
      })
      .prefault({})
      .describe("Where bans apply."),
    inputPorts: z
      .array(port)
      .max(15)
      .default([])
      .describe("INPUT drops only these TCP ports for a banned client; empty means every port."),
    inputExemptPorts: z
      .array(port)
      .max(15)
      .default([22])
      .describe(
        "TCP ports INPUT never drops for a banned client: the host's SSH port, so an operator behind a banned address (a shared NAT) keeps the host. The stack adds host.port.",
      ),
    ipv6: z.boolean().default(true).describe("Ban IPv6 clients too (ip6tables or nft)."),
    fillAlertShare: share.default(0.9).describe("Alert when a ban set is this full."),
    reconcileSeconds: z
      .int()
      .min(10)
      .max(86_400)
      .default(300)
      .describe("How often the kernel's sets and rules are checked against the ban ledger."),
    commandTimeoutMs: z
      .int()
      .min(100)
      .max(600_000)
      .default(30_000)
      .describe("A kernel command taking longer is killed and counted as failed."),
    nginxDenyList: z
      .strictObject({
        path: z
          .string()
          .min(1)
          .nullable()
          .default(null)
          .describe("File of `deny <ip>;` lines Nginx includes (required for forwarded clients)."),
        reloadCommand: z
          .array(z.string().min(1))
          .default([])
          .describe("Command (argv) that makes Nginx read the file again after each change."),
        minReloadIntervalMs: z
          .int()
          .min(0)
          .max(600_000)
          .default(2000)
          .describe("At most one reload per interval; changes in between are written together."),
      })
      .prefault({})
      .describe(
        "Bans of clients behind a trusted proxy (whose packets come from the proxy) go to Nginx instead of the kernel.",
      ),
  })
  .describe("How bans are enforced on the host.");

/** The live dashboard (loopback only by default; it is not public). */
export const DashboardSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Serve the dashboard, its JSON API and /metrics."),
    bindAddress: z
      .string()
      .refine((v) => isIPv4(v) || isIPv6(v), "must be an IP address (e.g. 127.0.0.1)")
      .default("127.0.0.1")
      .describe("Address the dashboard listens on; loopback by default (it is not public)."),
    port: z.int().min(0).max(65_535).default(9180).describe("Port (0 picks a free one)."),
    refreshSeconds: z.int().min(1).max(60).default(2).describe("How often the page refreshes."),
    historyMinutes: z
      .int()
      .min(1)
      .max(120)
      .default(10)
      .describe("Minutes of per-second rates kept for the chart."),
    maxBansListed: z
      .int()
      .min(10)
      .max(100_000)
      .default(200)
      .describe(
        "Most bans listed on the page (most recent first); the JSON API pages through all.",
      ),
  })
  .describe("The live dashboard.");

/** The audit log: one JSON line per ban, unban, alert and operator action. */
export const AuditSchema = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe("Audit log file (JSON lines); default <stateDir>/audit.jsonl."),
    maxBytes: z
      .int()
      .min(1 << 16)
      .default(64 << 20)
      .describe("Rotated (to .1, .2, …) beyond this size."),
    keep: z.int().min(1).max(100).default(4).describe("Rotated files kept."),
    evidenceKept: z
      .int()
      .min(100)
      .max(1_000_000)
      .default(5000)
      .describe("Current bans whose full evidence is kept for explain and the dashboard."),
  })
  .describe("The audit log of every ban, unban, alert and operator action.");

/** The false-positive storm breaker: never ban more than a share of the active clients at once. */
export const BreakerSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Whether the breaker guards bans."),
    maxShare: share
      .default(0.2)
      .describe(
        "Actors banned per period at most, as a share of the clients active in the window (bans inside one actorPrefix count once).",
      ),
    minBans: z
      .int()
      .min(1)
      .default(10)
      .describe("Actors always allowed per period, whatever the share."),
    actorPrefix: z
      .strictObject({
        ipv4: z
          .int()
          .min(8)
          .max(32)
          .default(32)
          .describe("IPv4 bans inside one such prefix count as one actor (32: every address)."),
        ipv6: z
          .int()
          .min(16)
          .max(128)
          .default(48)
          .describe("IPv6 bans inside one such prefix (a site's /48) count as one actor."),
      })
      .prefault({})
      .describe("Which bans count as one actor for maxShare and minBans."),
    throttleMinTimesMean: z
      .number()
      .min(1)
      .default(10)
      .describe(
        "While tripped, only clients at least this many times one client's normal rate are banned, strongest first, within the same budget.",
      ),
    periodSeconds: z
      .int()
      .min(10)
      .max(86_400)
      .default(60)
      .describe("Period (log time) bans are counted over."),
    maxPerMinute: z.int().min(1).default(1000).describe("Hard cap on bans in any minute."),
    autoResetMinutes: z
      .int()
      .min(0)
      .default(10)
      .describe(
        "A tripped breaker resets itself once no period has asked for more bans than the budget for this long (log time); 0: only an operator resets it.",
      ),
  })
  .describe(
    "The false-positive storm breaker: a threshold that calls most clients attackers must not ban them all.",
  );

/** The enforcement self-test: a banned address must really be dropped. */
export const SelfTestSchema = z
  .strictObject({
    onStart: z
      .boolean()
      .default(true)
      .describe("Run at start (the systemd unit runs it privileged just before the daemon)."),
    dockerPorts: z
      .array(port)
      .default([])
      .describe("Docker-published TCP ports to probe; empty: found in Docker's nat table."),
    subnet: z
      .string()
      .regex(/^\d+\.\d+\.\d+\.\d+\/30$/, "must be an IPv4 /30, e.g. 198.18.255.252/30")
      .default("198.18.255.252/30")
      .describe(
        "A /30 the self-test borrows for its namespace (benchmarking range, never routed).",
      ),
    probeTimeoutMs: z
      .int()
      .min(100)
      .max(30_000)
      .default(1500)
      .describe("A probe not answered within this counts as dropped."),
    onFailure: z
      .enum(["alert", "stop"])
      .default("alert")
      .describe("On failure: alert loudly and keep what works, or stop the daemon (exit 3)."),
  })
  .describe("The enforcement self-test: proves a banned address is dropped.");
