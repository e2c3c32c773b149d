import fs from "node:fs";
import { systemClock } from "../../../core/clock";
import type { DetectorSettings } from "../../../core/detector-settings";
import type { CommandRunner } from "../../enforce/command-runner";
import { createEnforcers, type Enforcers } from "../../enforce/create-enforcers";
import { DryRunEnforcer } from "../../enforce/dry-run-enforcer";
import type { Enforcer } from "../../enforce/enforcer";
import { enforcementPlan, type EnforcementPlan } from "../../enforce/enforcement-plan";
import { IpsetEnforcer } from "../../enforce/ipset-enforcer";
import { NftEnforcer } from "../../enforce/nft-enforcer";
import { NginxDenyEnforcer } from "../../enforce/nginx-deny-enforcer";
import type { Output } from "../../io/output";

/** The backends a configuration uses, for verbs that run outside the daemon. */
export function verbEnforcers(
  settings: DetectorSettings,
  runner: CommandRunner,
  out: Output,
): { plan: EnforcementPlan } & Enforcers {
  const plan = enforcementPlan(settings);
  return {
    plan,
    ...createEnforcers(plan, settings, runner, systemClock, (e) =>
      out.log("info", "dry-run enforcement", { ...e }),
    ),
  };
}

/**
 * Every backend that may hold this detector's objects, whatever the configuration says now (the
 * backend or the dry-run switch may have changed since the rules were made): uninstall and flush
 * remove them all.
 */
export function allKernelEnforcers(
  settings: DetectorSettings,
  runner: CommandRunner,
  out: Output,
): Enforcer[] {
  const e = settings.enforcement;
  const list: Enforcer[] = [new IpsetEnforcer(e, runner), new NftEnforcer(e, runner)];
  const deny = e.nginxDenyList;
  if (deny.path !== null)
    list.push(
      new NginxDenyEnforcer(
        {
          path: deny.path,
          reloadCommand: deny.reloadCommand,
          minReloadIntervalMs: 0,
          capacity: e.maxElements,
        },
        runner,
        systemClock,
      ),
    );
  out.log("info", "removing every backend's objects", { backends: list.map((x) => x.backend) });
  return list;
}

/** Whether a tool answers `--version` (teardown skips backends whose tool is not installed). */
export async function hasTool(runner: CommandRunner, tool: string): Promise<boolean> {
  return (await runner.run([tool, "--version"])).code === 0;
}

/** iptables-legacy takes /run/xtables.lock; the sandboxed daemon may only write it if it exists. */
export function ensureXtablesLock(): void {
  try {
    fs.closeSync(fs.openSync("/run/xtables.lock", "a", 0o600));
  } catch {
    // not root, or no /run: iptables will say so itself
  }
}

/** A dry-run enforcer for verbs in dry-run configurations. */
export function dryRunEnforcer(out: Output): Enforcer {
  return new DryRunEnforcer(systemClock, (e) => out.log("info", "dry-run enforcement", { ...e }));
}
