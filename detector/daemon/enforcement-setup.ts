import type { Clock } from "../../core/clock";
import type { DetectorSettings } from "../../core/detector-settings";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import { Allowlist } from "../address/allowlist";
import { parseCidr } from "../address/cidr";
import type { BanLedger } from "../decide/ban-ledger";
import type { CommandRunner } from "../enforce/command-runner";
import { isHostKey } from "../enforce/ban-key";
import { createEnforcers } from "../enforce/create-enforcers";
import { Enforcement, type EnforcementEvents } from "../enforce/enforcement";
import { enforcementPlan, type EnforcementPlan } from "../enforce/enforcement-plan";
import type { WantedBan } from "../enforce/reconcile";
import type { Output } from "../io/output";

/** Enforcement for a configuration, with the plan it follows. */
export interface EnforcementParts {
  readonly plan: EnforcementPlan;
  readonly enforcement: Enforcement;
}

/** Builds the backends a configuration calls for (nothing runs yet). */
export function buildEnforcement(
  settings: DetectorSettings,
  runner: CommandRunner,
  clock: Clock,
  out: Output,
  events: EnforcementEvents,
): EnforcementParts {
  const plan = enforcementPlan(settings);
  for (const w of plan.warnings) out.log("warn", w);
  const enforcers = createEnforcers(plan, settings, runner, clock, (event) =>
    out.log("info", "dry-run enforcement", { ...event }),
  );
  const forwarded = settings.clientAddressSource === "forwarded";
  return { plan, enforcement: new Enforcement(enforcers, forwarded, clock, events) };
}

/** Sets up every backend; a missing tool becomes an error that says what to install. */
export async function setUpEnforcement(e: Enforcement, out: Output): Promise<void> {
  try {
    for (const report of await e.setup()) {
      for (const w of report.warnings) out.log("warn", w);
      out.log("info", "enforcement ready", { sets: report.sets, rules: report.rules });
    }
  } catch (error) {
    const message = (error as Error).message;
    const missing = /(\S+) not found/.exec(message);
    throw new SwiftDeployError(
      missing === null ? ErrorCode.RemoteFailed : ErrorCode.ToolMissing,
      `cannot set up enforcement: ${message}`,
      missing === null
        ? ["the detector needs root with CAP_NET_ADMIN (the systemd unit grants it)"]
        : [`install ${missing[1]} (Debian: apt-get install -y ipset iptables nftables iproute2)`],
    );
  }
}

/** Allowlisted addresses inside a banned prefix, for the configuration's allowlist. */
export function exceptionFinder(
  settings: DetectorSettings,
  hostAddresses: readonly string[],
): (key: string) => string[] {
  const allowlist = new Allowlist(
    [...settings.allowlist, ...settings.trustedProxies],
    hostAddresses,
  );
  return (key) => {
    if (isHostKey(key)) return [];
    const cidr = parseCidr(key);
    return cidr === undefined ? [] : allowlist.entriesWithin(cidr);
  };
}

/** Whether a key falls inside the self-test's borrowed subnet (reconciliation leaves it alone). */
export function selfTestAddress(settings: DetectorSettings): (key: string) => boolean {
  const net = parseCidr(settings.selftest.subnet);
  return (key) => {
    const k = parseCidr(key);
    if (net === undefined || net.family !== 4 || k === undefined || k.family !== 4) return false;
    return (k.net & net.mask) >>> 0 === net.net;
  };
}

/** The bans the ledger holds, as enforcement wants them. */
export function wantedBans(
  ledger: BanLedger,
  exceptionsFor: (key: string) => string[],
): Map<string, WantedBan> {
  const wanted = new Map<string, WantedBan>();
  for (const o of ledger.list()) {
    if (o.untilMs === 0) continue;
    wanted.set(o.ip, {
      family: o.family,
      untilMs: Number.isFinite(o.untilMs) ? o.untilMs : null,
      except: exceptionsFor(o.ip),
    });
  }
  return wanted;
}
