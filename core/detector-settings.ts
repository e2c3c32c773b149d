import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";
import {
  AlertsSchema,
  AuditSchema,
  BreakerSchema,
  DashboardSchema,
  EnforcementSchema,
  SelfTestSchema,
} from "./detector-service-settings";

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

const positive = z.number().positive();
const share = z.number().min(0).max(1);

const TrackingSchema = z.strictObject({
  /** Hard cap on clients counted at once; beyond it new clients only count globally. */
  maxClients: z.int().min(1_000).max(10_000_000).default(200_000),
  /** A client silent this long (log time) is forgotten; 0 means "one window". */
  idleSeconds: z.int().min(0).max(86_400).default(0),
});

const BaselineSchema = z.strictObject({
  /** Rolling history the baseline learns from. */
  historyMinutes: z
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** How often (log time) the baseline and the thresholds derived from it are recomputed. */
  recomputeSeconds: z.int().min(5).max(3600).default(60),
  /** Prefer the current UTC hour-of-day slot once it has enough samples. */
  hourSlots: z.boolean().default(true),
  /** Per-second samples a slot needs before it is preferred (1800 = half an hour of traffic). */
  minSlotSamples: z.int().min(1).default(1800),
  /** Floors for the whole site's per-second rate, so a fresh or quiet start is sane. */
  globalMeanFloorRps: positive.default(1),
  globalStddevFloorRps: positive.default(1),
  /** Floors for one client's rate: below these a client is never judged abnormal. */
  clientMeanFloorRps: positive.default(0.5),
  clientStddevFloorRps: positive.default(0.5),
  /** Share of the busiest clients left out when learning what one client normally does. */
  trimTopShare: z.number().min(0).max(0.5).default(0.02),
});

const RulesSchema = z.strictObject({
  /** Requests a client must have in the window before any rule judges it. */
  minRequests: z.int().min(1).default(50),
  zScore: z
    .strictObject({ enabled: z.boolean().default(true), threshold: positive.default(5) })
    .prefault({}),
  multiplier: z
    .strictObject({ enabled: z.boolean().default(true), factor: z.number().min(1).default(10) })
    .prefault({}),
  /** Clients whose 4xx/5xx share reaches `minShare` are judged with thresholds scaled by `factor`. */
  errorShare: z
    .strictObject({
      enabled: z.boolean().default(true),
      minShare: share.default(0.5),
      factor: z.number().gt(0).max(1).default(0.5),
    })
    .prefault({}),
  /** Alerts (never bans) when the site's rate leaves its baseline: a distributed attack. */
  globalSurge: z
    .strictObject({
      enabled: z.boolean().default(true),
      zScore: positive.default(6),
      multiplier: z.number().min(1).default(3),
      /** Per-second samples the baseline needs before this rule speaks. */
      minSamples: z.int().min(1).default(300),
      cooldownSeconds: z.int().min(0).default(300),
    })
    .prefault({}),
});

const BansSchema = z.strictObject({
  /** Ban length per offence, escalating; an offence beyond the list repeats the last step… */
  stepsMinutes: z.array(positive).min(1).default([10, 30, 120]),
  /** …unless this is true: then the offence after the last step bans permanently. */
  thenPermanent: z.boolean().default(true),
  /** A client quiet this long falls back one escalation step (per quiet period); 0 disables. */
  decayAfterHours: z.number().min(0).default(24),
});

const BadLinesSchema = z.strictObject({
  /** Longer lines are skipped (and counted) without being buffered. */
  maxLineBytes: z
    .int()
    .min(256)
    .max(16 * 1024 * 1024)
    .default(16_384),
  /** Bad-line samples written to the log per reason per minute of log time. */
  samplesPerMinute: z.int().min(0).default(10),
});

/** The detector's settings: the manifest's `detector:` section and the daemon's `--config` file. */
export const DetectorSettingsSchema = z.strictObject({
  /** Nginx's JSON access log to follow. */
  logPath: z.string().min(1).default("/var/log/nginx/swiftdeploy-access.json"),
  /** Where the daemon keeps its read offset, baseline and bans. */
  stateDir: z.string().min(1).default("/var/lib/swiftdeploy-detector"),
  /** Where to start reading when there is no saved offset. */
  startAt: z.enum(["end", "start"]).default("end"),
  /** How often the log is polled for new lines. */
  pollMs: z.int().min(10).max(10_000).default(100),
  /** Sliding window (log time) for per-client and global rates. */
  windowSeconds: z.int().min(5).max(3600).default(60),
  /** IPv4 clients are counted and banned per this prefix (32 = per address). */
  ipv4Prefix: z.int().min(8).max(32).default(32),
  /** IPv6 clients are counted and banned per this prefix, so rotating inside a /64 does not evade. */
  ipv6Prefix: z.int().min(16).max(128).default(64),
  /** Never banned, in addition to loopback and the host's own addresses. */
  allowlist: z.array(cidr).default([]),
  tracking: TrackingSchema.prefault({}),
  baseline: BaselineSchema.prefault({}),
  rules: RulesSchema.prefault({}),
  bans: BansSchema.prefault({}),
  badLines: BadLinesSchema.prefault({}),
  /** Detect, alert and show, but never touch the firewall (forces the dry-run backend). */
  dryRun: z.boolean().default(false),
  /**
   * Where the log's `source_ip` comes from: `peer`, the connecting address (Nginx without realip),
   * or `forwarded`, rewritten by Nginx from X-Forwarded-For sent by `trustedProxies`.
   */
  clientAddressSource: z.enum(["peer", "forwarded"]).default("peer"),
  /** Proxies whose X-Forwarded-For Nginx trusts (the manifest's proxy.trustedProxies); never banned. */
  trustedProxies: z.array(cidr).default([]),
  enforcement: EnforcementSchema.prefault({}),
  dashboard: DashboardSchema.prefault({}),
  alerts: AlertsSchema.prefault({}),
  audit: AuditSchema.prefault({}),
  breaker: BreakerSchema.prefault({}),
  selftest: SelfTestSchema.prefault({}),
});

/** Fully defaulted detector settings. */
export type DetectorSettings = z.output<typeof DetectorSettingsSchema>;
/** What a user may write (every field optional). */
export type DetectorSettingsInput = z.input<typeof DetectorSettingsSchema>;
