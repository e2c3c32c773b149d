import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";
import { isNarrowTrustedRange, TRUSTED_RANGE_PHRASE } from "./manifest/network-address";
import { AlertDeliverySchema } from "./alerts-schema";
import {
  AuditSchema,
  BreakerSchema,
  DashboardSchema,
  EnforcementSchema,
  SelfTestSchema,
} from "./detector-service-settings";
import { SharedBansSchema } from "./shared-bans-settings";
import { parsePodLogPattern, POD_LOG_PATTERN_FORM } from "./pod-log-pattern";

/** True for an address ("10.0.0.1", "::1") or a CIDR ("10.0.0.0/8", "2001:db8::/32"). */
export function isAddressOrCidr(value: string): boolean {
  const slash = value.indexOf("/");
  const address = slash < 0 ? value : value.slice(0, slash);
  const bits = slash < 0 ? undefined : value.slice(slash + 1);
  const max = isIPv4(address) ? 32 : isIPv6(address) && !address.includes("%") ? 128 : 0;
  if (max === 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

const cidr = z.string().refine(isAddressOrCidr, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not an IPv4/IPv6 address or CIDR (expected e.g. 10.0.0.0/8 or 2001:db8::/32)`,
});

/** A trusted proxy: an address or CIDR, and no wider than the trusted-range limits. */
const trustedRange = cidr.refine(isNarrowTrustedRange, {
  error: (issue) => `${JSON.stringify(issue.input)} is too wide: expected ${TRUSTED_RANGE_PHRASE}`,
});

const positive = z.number().positive();
const share = z.number().min(0).max(1);
const enabled = z.boolean().default(true).describe("Whether the rule runs.");

const TrackingSchema = z
  .strictObject({
    maxClients: z
      .int()
      .min(1_000)
      .max(10_000_000)
      .default(200_000)
      .describe(
        "Clients counted at once at most; beyond it a newcomer is counted in the heavy-hitter sketch and takes the place of an idler client once it is the busier one.",
      ),
    idleSeconds: z
      .int()
      .min(0)
      .max(86_400)
      .default(0)
      .describe("A client silent this long (log time) is forgotten; 0 means one window."),
    heavyHitters: z
      .int()
      .min(16)
      .max(65_536)
      .default(1024)
      .describe(
        "Counters of the heavy-hitter sketch (Space-Saving, about 100 bytes each) that counts the clients a full table cannot hold; any client with more than 1/heavyHitters of those lines in a window is sure to be counted.",
      ),
    aggregate: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe("Whether a full table merges crowded prefixes."),
        ipv4Prefix: z
          .int()
          .min(8)
          .max(31)
          .default(24)
          .describe("IPv4 clients are merged into this prefix (only when wider than ipv4Prefix)."),
        ipv6Prefix: z
          .int()
          .min(16)
          .max(127)
          .default(48)
          .describe("IPv6 clients are merged into this prefix (only when wider than ipv6Prefix)."),
        minClients: z
          .int()
          .min(2)
          .default(64)
          .describe(
            "A prefix is merged when the full table holds at least this many of its clients.",
          ),
      })
      .prefault({})
      .describe(
        "When the table is full, every prefix holding many clients becomes one client: judged and banned as the prefix (allowlisted addresses stay apart and are carved out of its ban).",
      ),
    alertEverySeconds: z
      .int()
      .min(10)
      .max(86_400)
      .default(300)
      .describe("Least log time between two untracked-lines alerts while lines go untracked."),
  })
  .describe("Memory bounds of the per-client counters, and what happens when they are reached.");

const BaselineSchema = z
  .strictObject({
    historyMinutes: z
      .int()
      .min(1)
      .max(24 * 60)
      .default(30)
      .describe("Rolling history the baselines learn from."),
    recomputeSeconds: z
      .int()
      .min(5)
      .max(3600)
      .default(60)
      .describe("How often (log time) the baselines and the thresholds are recomputed."),
    hourSlots: z
      .boolean()
      .default(true)
      .describe("Prefer the current UTC hour-of-day slot once it has enough samples."),
    minSlotSamples: z
      .int()
      .min(1)
      .default(1800)
      .describe("Seconds of traffic an hour slot needs before it is preferred."),
    globalMeanFloorRps: positive
      .default(1)
      .describe(
        "Lowest mean (req/s) assumed for the whole site, so a fresh or quiet start is sane.",
      ),
    globalStddevFloorRps: positive
      .default(1)
      .describe("Lowest stddev (req/s) assumed for the whole site."),
    clientMeanFloorRps: positive
      .default(0.5)
      .describe("Lowest mean rate (req/s) assumed for one client."),
    clientStddevFloorRps: positive
      .default(0.5)
      .describe("Lowest stddev (req/s) assumed for one client."),
    trimTopShare: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.02)
      .describe(
        "Share of the busiest clients left out when learning what one client normally does.",
      ),
  })
  .describe("What normal traffic looks like: learned, persisted, with floors.");

const RulesSchema = z
  .strictObject({
    minRequests: z
      .int()
      .min(1)
      .default(50)
      .describe("Requests a client must have in the window before any rule judges it."),
    zScore: z
      .strictObject({
        enabled,
        threshold: positive
          .default(5)
          .describe("Ban when (rate - mean) / stddev of one client exceeds this."),
      })
      .prefault({})
      .describe("Z-score of a client's rate against the per-client baseline."),
    multiplier: z
      .strictObject({
        enabled,
        factor: z
          .number()
          .min(1)
          .default(10)
          .describe("Ban when a client's rate exceeds this multiple of the per-client mean."),
      })
      .prefault({})
      .describe("A client's rate as a multiple of the per-client mean."),
    errorShare: z
      .strictObject({
        enabled,
        minShare: share
          .default(0.5)
          .describe("Share of 4xx/5xx answers from which a client is suspect."),
        factor: z
          .number()
          .gt(0)
          .max(1)
          .default(0.5)
          .describe("Thresholds are multiplied by this for a suspect client."),
      })
      .prefault({})
      .describe("Tighter thresholds for clients with a high share of 4xx/5xx answers."),
    ownHistory: z
      .strictObject({
        enabled,
        minSnapshots: z
          .int()
          .min(1)
          .default(10)
          .describe(
            "Recomputes at which a client was active before its own history judges it (about that many minutes of its traffic).",
          ),
        memorySnapshots: z
          .int()
          .min(2)
          .default(60)
          .describe(
            "How many of a client's own snapshots its history weighs (an exponential average beyond that).",
          ),
        maxClients: z
          .int()
          .min(1)
          .default(100_000)
          .describe("Clients whose own history is kept; the longest unseen are forgotten first."),
      })
      .prefault({})
      .describe(
        "Judge a client against its own history as well as against what one client of the site does: the same z-score, multiplier and error-share thresholds and floors, applied to the client's own mean and stddev. It only adds a check: a client's own history never raises its limit above the site's.",
      ),
    globalSurge: z
      .strictObject({
        enabled,
        zScore: positive.default(6).describe("Alert when the site's z-score exceeds this…"),
        multiplier: z
          .number()
          .min(1)
          .default(3)
          .describe("…and its rate exceeds this multiple of its mean."),
        minSamples: z
          .int()
          .min(1)
          .default(300)
          .describe("Seconds of history the site baseline needs before this rule speaks."),
        cooldownSeconds: z
          .int()
          .min(0)
          .default(300)
          .describe("Reminder interval while a surge lasts (0: no reminders)."),
        tightenFactor: z
          .number()
          .gt(0)
          .max(1)
          .default(0.5)
          .describe(
            "While a surge lasts, the per-client z-score and multiplier thresholds are scaled by this (1: alert only).",
          ),
      })
      .prefault({})
      .describe(
        "When the whole site leaves its baseline (a distributed attack): alert, and tighten the per-client limits while it lasts.",
      ),
  })
  .describe("Anomaly rules.");

const BansSchema = z
  .strictObject({
    stepsMinutes: z
      .array(positive)
      .min(1)
      .default([10, 30, 120])
      .describe(
        "Ban length per offence, escalating; offences beyond the list repeat the last step.",
      ),
    thenPermanent: z
      .boolean()
      .default(true)
      .describe("Ban permanently at the offence after the last step."),
    decayAfterHours: z
      .number()
      .min(0)
      .default(24)
      .describe(
        "Each quiet period this long after a ban takes one escalation step off (0: never).",
      ),
  })
  .describe("Ban schedule.");

const BadLinesSchema = z
  .strictObject({
    maxLineBytes: z
      .int()
      .min(256)
      .max(16 * 1024 * 1024)
      .default(16_384)
      .describe(
        "Longer lines are not buffered: counted as too long, and for their client from their first 512 bytes.",
      ),
    samplesPerMinute: z
      .int()
      .min(0)
      .default(10)
      .describe("Bad lines written to the log as samples, per reason per minute."),
    surge: z
      .strictObject({
        enabled,
        minLines: z
          .int()
          .min(1)
          .default(100)
          .describe("Alert when at least this many bad lines fall in one window…"),
        minShare: share
          .default(0.05)
          .describe("…and they are at least this share of all lines in the window."),
        cooldownSeconds: z
          .int()
          .min(0)
          .default(300)
          .describe("Reminder interval while it lasts (0: no reminders)."),
      })
      .prefault({})
      .describe(
        "Alert (rule bad-lines) on a surge of over-long or unreadable lines, naming the sources that sent the most.",
      ),
  })
  .describe("Handling of log lines that cannot be used.");

/** The detector's settings: the manifest's `detector:` section and the daemon's `--config` file. */
export const DetectorSettingsSchema = z
  .strictObject({
    logPath: z
      .string()
      .min(1)
      .default("/var/log/nginx/swiftdeploy-access.json")
      .describe(
        "Nginx JSON access log to follow; with logSource kubernetes-pod-logs, the pattern <dir>/<namespace>_<pod prefix>*/<container>/*.log of the proxy pods' logs on the node.",
      ),
    logSource: z
      .enum(["file", "kubernetes-pod-logs"])
      .default("file")
      .describe(
        "file: logPath is the log itself. kubernetes-pod-logs: logPath is the kubelet's pod-log pattern; every matching pod's current log is followed, in the CRI format (the kubernetes target sets this).",
      ),
    stateDir: z
      .string()
      .min(1)
      .default("/var/lib/swiftdeploy-detector")
      .describe("Where the daemon keeps its read offset, baseline and bans."),
    startAt: z
      .enum(["end", "start"])
      .default("end")
      .describe("Where to start reading the log when there is no saved offset."),
    pollMs: z.int().min(10).max(10_000).default(100).describe("How often the log is polled."),
    windowSeconds: z
      .int()
      .min(5)
      .max(3600)
      .default(60)
      .describe("Sliding window (log time) for per-client and site-wide rates."),
    clockSkewSeconds: z
      .int()
      .min(0)
      .max(3600)
      .default(5)
      .describe(
        "A line stamped further ahead of the host's clock than this counts at the clock's time plus this (earlyLines), so one bad timestamp cannot end every ban.",
      ),
    ipv4Prefix: z
      .int()
      .min(8)
      .max(32)
      .default(32)
      .describe("IPv4 clients are counted and banned per this prefix (32: per address)."),
    ipv6Prefix: z
      .int()
      .min(16)
      .max(128)
      .default(64)
      .describe(
        "IPv6 clients are counted and banned per this prefix, so rotating addresses does not evade.",
      ),
    allowlist: z
      .array(cidr)
      .default([])
      .describe(
        "Addresses or CIDRs never banned, besides loopback, the host's own addresses and those the last 8 operators deployed from (learnt over SSH).",
      ),
    dryRun: z.boolean().default(false).describe("Detect and alert, but never touch the firewall."),
    tracking: TrackingSchema.prefault({}),
    baseline: BaselineSchema.prefault({}),
    rules: RulesSchema.prefault({}),
    bans: BansSchema.prefault({}),
    badLines: BadLinesSchema.prefault({}),
    clientAddressSource: z
      .enum(["peer", "forwarded"])
      .default("peer")
      .describe(
        "Where the log's source_ip comes from: peer (the connecting address) or forwarded (rewritten by Nginx from X-Forwarded-For sent by trustedProxies).",
      ),
    trustedProxies: z
      .array(trustedRange)
      .default([])
      .describe(
        "Proxies whose X-Forwarded-For Nginx trusts (the manifest's proxy.trustedProxies; no wider than /8 for IPv4, /32 for IPv6); never banned.",
      ),
    enforcement: EnforcementSchema.prefault({}),
    dashboard: DashboardSchema.prefault({}),
    alerts: AlertDeliverySchema.prefault({}),
    audit: AuditSchema.prefault({}),
    breaker: BreakerSchema.prefault({}),
    selftest: SelfTestSchema.prefault({}),
    sharedBans: SharedBansSchema,
  })
  .superRefine((settings, ctx) => {
    if (settings.logSource === "kubernetes-pod-logs" && !parsePodLogPattern(settings.logPath))
      ctx.addIssue({
        code: "custom",
        path: ["logPath"],
        message: `with logSource kubernetes-pod-logs, logPath must be a pod-log pattern ${POD_LOG_PATTERN_FORM}, e.g. /var/log/pods/app_proxy-*/nginx/*.log; got "${settings.logPath}"`,
      });
  });

/** Fully defaulted detector settings. */
export type DetectorSettings = z.output<typeof DetectorSettingsSchema>;
/** What a user may write (every field optional). */
export type DetectorSettingsInput = z.input<typeof DetectorSettingsSchema>;
