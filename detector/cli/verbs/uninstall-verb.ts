import fs from "node:fs";
import path from "node:path";
import { DetectorSettingsSchema, type DetectorSettings } from "../../../core/detector-settings";
import { unitName } from "../../../core/detector-unit";
import type { CommandRunner } from "../../enforce/command-runner";
import type { SetupReport } from "../../enforce/enforcer";
import { retireLegacyUnit } from "../../systemd/legacy-unit";
import { Systemctl } from "../../systemd/systemctl";
import { removeDropIn, removeTemplateIfUnused } from "../../systemd/unit-files";
import { loadSettings } from "../load-settings";
import type { Output } from "../../io/output";
import { instanceOf } from "./unit-instance";
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
 * Stops, disables and removes this instance's unit (its drop-in; the template when no other
 * instance is left) and the single unit of earlier installs when it ran this config. True when
 * anything was there.
 */
async function removeUnits(
  instance: string | undefined,
  config: string | undefined,
  runner: CommandRunner,
): Promise<boolean> {
  let removed = false;
  if (instance !== undefined) {
    const systemctl = new Systemctl(runner, sleep, unitName(instance));
    removed = await systemctl.enabled();
    await systemctl.stopAndDisable();
    removed = removeDropIn(instance) || removed;
    removed = removeTemplateIfUnused(instance) || removed;
    await systemctl.daemonReload().catch(() => undefined);
  }
  const ours = (c: string | undefined) =>
    c !== undefined && config !== undefined && path.resolve(c) === path.resolve(config);
  return (await retireLegacyUnit(runner, sleep, ours)) !== undefined || removed;
}

/**
 * `uninstall --config FILE [--instance NAME] [--env-file FILE] [--purge]`: stops and disables the
 * service (`swiftdeploy-detector@<instance>`, the instance taken from the config's folder when not
 * given), removes its unit files, and removes every rule and set the detector may have made (ipset, iptables, nftables, the
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
      instance: { type: "string" },
      purge: { type: "boolean" },
    },
  );
  const instance = instanceOf(ctx.values.instance as string | undefined, file);
  const unitRemoved =
    (await hasTool(ctx.runner, "systemctl")) && (await removeUnits(instance, file, ctx.runner));
  const removed: SetupReport[] = [];
  for (const e of allKernelEnforcers(settings, ctx.runner, out)) {
    if (e.backend === "ipset" && !(await hasTool(ctx.runner, "ipset"))) continue;
    if (e.backend === "nftables" && !(await hasTool(ctx.runner, "nft"))) continue;
    removed.push(await e.teardown());
  }
  if (ctx.values.purge === true) fs.rmSync(settings.stateDir, { recursive: true, force: true });
  printResult({
    status: "uninstalled",
    unit: instance === undefined ? null : unitName(instance),
    unitRemoved,
    sets: removed.flatMap((r) => r.sets),
    rules: removed.flatMap((r) => r.rules),
    warnings: removed.flatMap((r) => r.warnings),
    purged: ctx.values.purge === true ? settings.stateDir : null,
  });
  return 0;
}
