import type { Clock } from "../../core/clock";
import type { DetectorSettings } from "../../core/detector-settings";
import type { CommandRunner } from "./command-runner";
import { DryRunEnforcer, type DryRunEvent } from "./dry-run-enforcer";
import type { Enforcer } from "./enforcer";
import type { EnforcementPlan } from "./enforcement-plan";
import { IpsetEnforcer } from "./ipset-enforcer";
import { NftEnforcer } from "./nft-enforcer";
import { NginxDenyEnforcer } from "./nginx-deny-enforcer";

/** The backends a plan calls for. */
export interface Enforcers {
  readonly kernel: Enforcer;
  readonly nginx?: Enforcer;
}

/** Builds the kernel backend (and the Nginx deny list when clients come through proxies). */
export function createEnforcers(
  plan: EnforcementPlan,
  settings: DetectorSettings,
  runner: CommandRunner,
  clock: Clock,
  onDryRun: (event: DryRunEvent) => void,
): Enforcers {
  const e = settings.enforcement;
  const kernel: Enforcer =
    plan.kernel === "ipset"
      ? new IpsetEnforcer(e, runner)
      : plan.kernel === "nftables"
        ? new NftEnforcer(e, runner)
        : new DryRunEnforcer(clock, onDryRun, e.maxElements);
  if (!plan.nginxDeny || e.nginxDenyList.path === null) return { kernel };
  const nginx = new NginxDenyEnforcer(
    {
      path: e.nginxDenyList.path,
      reloadCommand: e.nginxDenyList.reloadCommand,
      minReloadIntervalMs: e.nginxDenyList.minReloadIntervalMs,
      capacity: e.maxElements,
    },
    runner,
    clock,
  );
  return { kernel, nginx };
}
