import fs from "node:fs";
import { DetectorSettingsSchema, type DetectorSettings } from "../../../core/detector-settings";
import type { SetupReport } from "../../enforce/enforcer";
import { Systemctl } from "../../systemd/systemctl";
import { UNIT_PATH } from "../../../core/detector-unit";
import { loadSettings } from "../load-settings";
import type { Output } from "../output";
import { allKernelEnforcers, hasTool } from "./verb-enforcement";
import { printResult, verbContext } from "./verb-context";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The config if it is still there (uninstall must work after it is gone), else the defaults. */
function settingsOrDefaults(file: string | undefined, out: Output): DetectorSettings {
  if (file !== undefined && fs.existsSync(file)) return loadSettings(file);
  out.log("warn", "config file not found: removing the default set and rule names", {
    config: file ?? null,
  });
  return DetectorSettingsSchema.parse({});
}

/**
 * `uninstall --config FILE --env-file FILE [--purge]`: stops and disables the service, removes the
 * unit, and removes every rule and set the detector may have made (ipset, iptables, nftables, the
 * Nginx deny list), whatever backend the config names now. `--purge` also deletes the state
 * directory. Idempotent: succeeds when everything is already gone.
 */
export async function uninstallVerb(args: string[], out: Output): Promise<number> {
  const raw = [...args];
  const configAt = raw.indexOf("--config");
  const file = configAt >= 0 ? raw[configAt + 1] : undefined;
  const settings = settingsOrDefaults(file, out);
  const ctx = verbContext(
    "uninstall",
    file !== undefined && !fs.existsSync(file)
      ? raw.filter((_, i) => i !== configAt && i !== configAt + 1)
      : raw,
    out,
    {
      "env-file": { type: "string" },
      purge: { type: "boolean" },
    },
  );
  const systemctl = new Systemctl(ctx.runner, sleep);
  const hasSystemd = await hasTool(ctx.runner, "systemctl");
  let unitRemoved = false;
  if (hasSystemd) await systemctl.stopAndDisable();
  if (fs.existsSync(UNIT_PATH)) {
    fs.rmSync(UNIT_PATH);
    unitRemoved = true;
  }
  if (hasSystemd) await systemctl.daemonReload().catch(() => undefined);
  const removed: SetupReport[] = [];
  for (const e of allKernelEnforcers(settings, ctx.runner, out)) {
    if (e.backend === "ipset" && !(await hasTool(ctx.runner, "ipset"))) continue;
    if (e.backend === "nftables" && !(await hasTool(ctx.runner, "nft"))) continue;
    removed.push(await e.teardown());
  }
  if (ctx.values.purge === true) fs.rmSync(settings.stateDir, { recursive: true, force: true });
  printResult({
    status: "uninstalled",
    unitRemoved,
    sets: removed.flatMap((r) => r.sets),
    rules: removed.flatMap((r) => r.rules),
    warnings: removed.flatMap((r) => r.warnings),
    purged: ctx.values.purge === true ? settings.stateDir : null,
  });
  return 0;
}
