import fs from "node:fs";
import { LEGACY_UNIT_NAME, LEGACY_UNIT_PATH } from "../../core/detector-unit";
import type { CommandRunner } from "../enforce/command-runner";
import { Systemctl } from "./systemctl";

/** The config the single unit of earlier installs ran: its ExecStart's `--config`. */
export function legacyConfig(unitText: string): string | undefined {
  const start = unitText.split("\n").find((l) => l.startsWith("ExecStart="));
  const m = start === undefined ? null : /\s--config\s+("[^"]+"|\S+)/.exec(start);
  return m === null ? undefined : m[1]!.replace(/^"|"$/g, "");
}

/** What retiring the earlier single unit found. */
export interface RetiredUnit {
  readonly unit: string;
  /** The config it ran; its state is wherever that config's stateDir says, and stays there. */
  readonly config: string | undefined;
  readonly wasEnabled: boolean;
}

/**
 * Stops, disables and removes the earlier single unit (`swiftdeploy-detector.service`) when it is
 * there and `runs(config)` says it belongs to the caller; the kernel sets and rules and the state
 * dir stay, so the instance that takes over starts with every ban. Undefined when there is none.
 */
export async function retireLegacyUnit(
  runner: CommandRunner,
  sleep: (ms: number) => Promise<void>,
  runs: (config: string | undefined) => boolean,
): Promise<RetiredUnit | undefined> {
  if (!fs.existsSync(LEGACY_UNIT_PATH)) return undefined;
  const config = legacyConfig(fs.readFileSync(LEGACY_UNIT_PATH, "utf8"));
  if (!runs(config)) return undefined;
  const systemctl = new Systemctl(runner, sleep, LEGACY_UNIT_NAME);
  const wasEnabled = await systemctl.enabled();
  await systemctl.stopAndDisable();
  fs.rmSync(LEGACY_UNIT_PATH);
  await systemctl.daemonReload();
  return { unit: LEGACY_UNIT_NAME, config, wasEnabled };
}
