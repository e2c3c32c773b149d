import { z } from "zod";

/**
 * PLACEHOLDER so the manifest branch compiles on its own: the detector branch owns this file and
 * replaces it with the real settings schema. Every field has a default, as the real one must.
 */
export const DetectorSettingsSchema = z.strictObject({
  /** Sliding window (log time) for per-client and global rates. */
  windowSeconds: z.int().min(5).max(3600).default(60),
  /** Ban length per offence in seconds, escalating. */
  banSchedule: z.array(z.int().positive()).min(1).default([600, 1800, 7200]),
  /** Addresses or CIDRs never banned, in addition to loopback and the host's own addresses. */
  allowlist: z.array(z.string()).default([]),
  /** Detect and alert, but never touch the firewall. */
  dryRun: z.boolean().default(false),
});

/** Fully defaulted detector settings. */
export type DetectorSettings = z.output<typeof DetectorSettingsSchema>;
