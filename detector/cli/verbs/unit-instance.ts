import fs from "node:fs";
import path from "node:path";
import {
  instanceOfConfig,
  instancePaths,
  isInstanceName,
  renderInstanceDropIn,
  unitName,
  unitWritablePaths,
} from "../../../core/detector-unit";
import type { CommandRunner } from "../../enforce/command-runner";
import { retireLegacyUnit } from "../../systemd/legacy-unit";
import { Systemctl } from "../../systemd/systemctl";
import { writeUnitFiles } from "../../systemd/unit-files";
import { loadSettings } from "../load-settings";
import { UsageError } from "../usage";

/**
 * The template instance a verb acts on: `--instance`, else the service the config belongs to
 * (`/etc/swiftdeploy/<service>/detector.json`); undefined when neither names one.
 */
export function instanceOf(
  given: string | undefined,
  config: string | undefined,
): string | undefined {
  if (given !== undefined) {
    if (!isInstanceName(given))
      throw new UsageError(
        `--instance ${given}: expected a service name (lowercase letters, digits, '.', '_' or '-', at most 64)`,
      );
    return given;
  }
  return config === undefined ? undefined : instanceOfConfig(config);
}

/** Checks that the files the template names by `%i` are the ones given on the command line. */
export function checkInstanceFiles(
  instance: string,
  config: string,
  envFile: string | undefined,
): void {
  const expected = instancePaths(instance);
  if (path.resolve(config) !== expected.config)
    throw new UsageError(
      `--config ${config}: ${unitName(instance)} reads ${expected.config}; write the config there (or pick the --instance whose folder it is in)`,
    );
  if (envFile !== undefined && path.resolve(envFile) !== expected.envFile)
    throw new UsageError(
      `--env-file ${envFile}: ${unitName(instance)} reads ${expected.envFile}; write the environment file there`,
    );
}

/** What a migration from the single unit of earlier installs did. */
export interface Migration {
  readonly from: string;
  readonly to: string;
  /** The config the earlier unit ran. */
  readonly config: string | null;
}

/**
 * Retires the single unit of earlier installs when it ran this instance's config or another
 * service's (at its conventional path): stopped, disabled, removed, its state left where it is.
 * Another service's detector goes on as its own instance (drop-in written, enabled, started), so
 * installing one service never stops another's. A unit running a config elsewhere is left alone.
 */
export async function migrateLegacyUnit(
  instance: string,
  template: string,
  runner: CommandRunner,
  sleep: (ms: number) => Promise<void>,
): Promise<Migration | undefined> {
  const ours = instancePaths(instance).config;
  const retired = await retireLegacyUnit(
    runner,
    sleep,
    (config) =>
      config !== undefined &&
      (path.resolve(config) === ours || instanceOfConfig(config) !== undefined),
  );
  if (retired === undefined) return undefined;
  const owner =
    retired.config === undefined ? instance : (instanceOfConfig(retired.config) ?? instance);
  if (owner !== instance && fs.existsSync(retired.config!)) {
    const writable = unitWritablePaths(loadSettings(retired.config));
    writeUnitFiles(owner, template, renderInstanceDropIn(owner, writable));
    const systemctl = new Systemctl(runner, sleep, unitName(owner));
    await systemctl.daemonReload();
    if (retired.wasEnabled) await systemctl.enableAndRestart();
  }
  return { from: retired.unit, to: unitName(owner), config: retired.config ?? null };
}
