import fs from "node:fs";
import type { DetectorSettings } from "../../core/detector-settings";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { CommandRunner } from "../enforce/command-runner";
import type { EnforcementPlan } from "../enforce/enforcement-plan";

/** The tools a plan needs on the host, with the Debian package that has each. */
export function requiredTools(
  plan: EnforcementPlan,
  settings: DetectorSettings,
): [string[], string][] {
  const tools: [string[], string][] = [[["systemctl", "--version"], "systemd"]];
  if (plan.kernel === "ipset") {
    tools.push([["ipset", "--version"], "ipset"], [["iptables", "--version"], "iptables"]);
    if (settings.enforcement.ipv6) tools.push([["ip6tables", "--version"], "iptables"]);
  }
  if (plan.kernel === "nftables") tools.push([["nft", "--version"], "nftables"]);
  if (plan.kernel !== "dry-run" && settings.selftest.onStart)
    tools.push([["ip", "-V"], "iproute2"]);
  return tools;
}

/**
 * Fails with what to install when systemd is not running or a tool is missing. `systemdDir` is
 * where a running systemd leaves its mark (/run/systemd/system).
 */
export async function checkPrerequisites(
  runner: CommandRunner,
  plan: EnforcementPlan,
  settings: DetectorSettings,
  systemdDir = "/run/systemd/system",
): Promise<void> {
  if (!fs.existsSync(systemdDir))
    throw new SwiftDeployError(
      ErrorCode.ToolMissing,
      `systemd is not running on this host (${systemdDir} is missing): the detector is installed as a systemd service`,
      [
        "run it on a host booted with systemd, or run `swiftdeploy-detector run --config FILE` under your own supervisor",
      ],
    );
  const missing: string[] = [];
  for (const [argv, pkg] of requiredTools(plan, settings)) {
    const r = await runner.run(argv);
    if (r.code !== 0) missing.push(`${argv[0]} (Debian package ${pkg})`);
  }
  if (missing.length > 0)
    throw new SwiftDeployError(
      ErrorCode.ToolMissing,
      `missing on this host: ${missing.join(", ")}`,
      [
        `install them, e.g. apt-get install -y ${[...new Set(missing.map((m) => /package (\S+)\)/.exec(m)![1]))].join(" ")}`,
      ],
    );
}
