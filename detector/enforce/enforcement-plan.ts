import type { DetectorSettings } from "../../core/detector-settings";
import { ErrorCode, SwiftDeployError } from "../../core/errors";

/** Which backends a configuration enforces with. */
export interface EnforcementPlan {
  /** The kernel backend ("dry-run" when nothing may touch the host). */
  readonly kernel: "ipset" | "nftables" | "dry-run";
  /** Clients behind trusted proxies are banned through the Nginx deny list. */
  readonly nginxDeny: boolean;
  readonly warnings: readonly string[];
}

/**
 * Decides how bans are enforced and refuses configurations that would firewall-ban addresses a
 * client can forge: a `forwarded` client address is only trustworthy when Nginx takes it from
 * listed proxies, and it is not the connecting peer, so it is banned in Nginx rather than the kernel.
 */
export function enforcementPlan(s: DetectorSettings): EnforcementPlan {
  const warnings: string[] = [];
  const dry = s.dryRun || s.enforcement.backend === "dry-run";
  if (s.clientAddressSource === "peer" && s.trustedProxies.length > 0) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      "trustedProxies is set, so Nginx takes source_ip from X-Forwarded-For: set clientAddressSource: forwarded",
      [
        "with clientAddressSource: peer the detector would ban addresses that are not the connecting peer",
      ],
    );
  }
  if (s.clientAddressSource === "forwarded" && s.trustedProxies.length === 0) {
    if (!dry)
      throw new SwiftDeployError(
        ErrorCode.ConfigInvalid,
        "refusing to ban: clientAddressSource is forwarded but trustedProxies is empty, so any client can forge the address it would be banned as",
        [
          "list the proxies Nginx trusts (the manifest's proxy.trustedProxies → trustedProxies)",
          "or set clientAddressSource: peer when clients connect to Nginx directly",
          "or set dryRun: true to detect without banning",
        ],
      );
    warnings.push("forwarded client addresses without trusted proxies: dry run only");
  }
  if (s.clientAddressSource === "forwarded" && !dry && s.enforcement.nginxDenyList.path === null) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      "clients behind a trusted proxy are banned through an Nginx deny list: set enforcement.nginxDenyList.path (and reloadCommand)",
    );
  }
  if (s.enforcement.backend === "dry-run" || s.dryRun)
    warnings.push("dry run: no firewall change is made");
  return {
    kernel: dry ? "dry-run" : s.enforcement.backend,
    nginxDeny: !dry && s.clientAddressSource === "forwarded",
    warnings,
  };
}
