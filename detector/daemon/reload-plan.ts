import type { DetectorSettings } from "../../core/detector-settings";
import { enforcementPlan } from "../enforce/enforcement-plan";

/** What a daemon runs from: its settings and the host's own addresses (never banned). */
export interface RunInputs {
  readonly settings: DetectorSettings;
  readonly hostAddresses: readonly string[];
}

/** A change a reload cannot make: it needs a restart. */
export interface RefusedChange {
  readonly setting: keyof DetectorSettings;
  readonly running: unknown;
  readonly requested: unknown;
  readonly reason: string;
}

/** What a reload does, decided before anything is touched. */
export interface ReloadPlan {
  /** The inputs to run with: the new ones, less the refused changes. */
  readonly next: RunInputs;
  /** Sections that change (settings keys, and `hostAddresses`). */
  readonly changed: readonly string[];
  readonly refused: readonly RefusedChange[];
  /** "replace": new backends after tearing the old kernel objects down; "rebuild": new backends only. */
  readonly enforcement: "keep" | "rebuild" | "replace";
  /** A new engine (bans, baseline and read offset carry over; the windows restart). */
  readonly engine: boolean;
  readonly alerts: boolean;
  readonly audit: boolean;
  readonly dashboard: boolean;
}

/** Sections whose change needs a new engine. */
const ENGINE_KEYS = [
  "logPath",
  "logSource",
  "startAt",
  "pollMs",
  "windowSeconds",
  "clockSkewSeconds",
  "ipv4Prefix",
  "ipv6Prefix",
  "allowlist",
  "tracking",
  "baseline",
  "rules",
  "bans",
  "badLines",
  "breaker",
  "trustedProxies",
] as const satisfies readonly (keyof DetectorSettings)[];

/** Sections whose change needs new enforcement backends. */
const ENFORCEMENT_KEYS = [
  "enforcement",
  "dryRun",
  "clientAddressSource",
  "trustedProxies",
] as const satisfies readonly (keyof DetectorSettings)[];

/**
 * The state directory holds the ledger, offset, evidence, audit log, self-test result and the
 * control socket; moving it under a running daemon would split them between two places.
 */
const RESTART_ONLY = ["stateDir"] as const satisfies readonly (keyof DetectorSettings)[];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Compares what the daemon runs from with what it would run from after a reload, and says what to
 * rebuild. Pure: throws (like the start would) when the new settings cannot be enforced.
 */
export function planReload(old: RunInputs, requested: RunInputs): ReloadPlan {
  const refused: RefusedChange[] = RESTART_ONLY.filter(
    (k) => !same(old.settings[k], requested.settings[k]),
  ).map((k) => ({
    setting: k,
    running: old.settings[k],
    requested: requested.settings[k],
    reason: `${k} cannot change on a reload: restart the detector to use ${JSON.stringify(requested.settings[k])}; keeping ${JSON.stringify(old.settings[k])}`,
  }));
  const settings = { ...requested.settings };
  for (const r of refused) Object.assign(settings, { [r.setting]: r.running });
  const next: RunInputs = { settings, hostAddresses: requested.hostAddresses };
  const differs = (k: keyof DetectorSettings) => !same(old.settings[k], settings[k]);
  const changed: string[] = (Object.keys(settings) as (keyof DetectorSettings)[]).filter(differs);
  const hostsChanged = !same([...old.hostAddresses].sort(), [...next.hostAddresses].sort());
  if (hostsChanged) changed.push("hostAddresses");
  const newPlan = enforcementPlan(settings);
  let enforcement: ReloadPlan["enforcement"] = "keep";
  if (ENFORCEMENT_KEYS.some(differs))
    enforcement =
      old.settings.enforcement.setName !== settings.enforcement.setName ||
      enforcementPlan(old.settings).kernel !== newPlan.kernel
        ? "replace"
        : "rebuild";
  return {
    next,
    changed,
    refused,
    enforcement,
    engine: hostsChanged || ENGINE_KEYS.some(differs),
    alerts: differs("alerts"),
    audit: differs("audit"),
    dashboard: differs("dashboard"),
  };
}
