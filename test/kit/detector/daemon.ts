import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ManualClock } from "../../../core/clock";
import type { DetectorSettings, DetectorSettingsInput } from "../../../core/detector-settings";
import { DetectorDaemon } from "../../../detector/daemon/detector-daemon";
import type { Decision } from "../../../detector/decide/decision";
import type { CommandRunner } from "../../../detector/enforce/command-runner";
import { nodeFileAccess } from "../../../detector/io/node-file-access";
import type { Output } from "../../../detector/io/output";
import type { DaemonDeps } from "../../../detector/daemon/daemon-deps";
import { settings, T0 } from "./lines";

/** One log line the daemon wrote. */
export interface LogEntry {
  readonly level: string;
  readonly msg: string;
  readonly fields: Record<string, unknown>;
}

/** A dry-run daemon on temporary files, with what it printed and logged, and knobs for a reload. */
export interface DaemonRun {
  readonly daemon: DetectorDaemon;
  readonly dir: string;
  readonly logPath: string;
  readonly decisions: Decision[];
  readonly logs: LogEntry[];
  /** What the next reload reads as the settings file. */
  nextSettings: DetectorSettings;
  /** What the host's interfaces hold (read at start and at every reload). */
  hostAddresses: string[];
  append(lines: readonly string[]): void;
  stop(): Promise<void>;
}

const noCommands: CommandRunner = {
  run: () => Promise.reject(new Error("a dry-run daemon runs no command")),
};

/** Builds (not starts) a dry-run daemon in a fresh temporary directory (or `dir`, kept as it is). */
export function daemonRun(
  overrides: DetectorSettingsInput = {},
  hostAddresses: string[] = [],
  deps: Partial<DaemonDeps> = {},
  existingDir?: string,
): DaemonRun {
  const dir = existingDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "sd-daemon-"));
  const logPath = path.join(dir, "access.log");
  if (!fs.existsSync(logPath)) fs.writeFileSync(logPath, "");
  const initial = settings({
    logPath,
    stateDir: path.join(dir, "state"),
    dryRun: true,
    dashboard: { enabled: false },
    ...overrides,
  });
  const decisions: Decision[] = [];
  const logs: LogEntry[] = [];
  const out: Output = {
    json: (value) => decisions.push(value as Decision),
    log: (level, msg, fields = {}) => logs.push({ level, msg, fields }),
    flush: () => undefined,
  };
  const run: DaemonRun = {
    dir,
    logPath,
    decisions,
    logs,
    nextSettings: initial,
    hostAddresses,
    daemon: undefined as unknown as DetectorDaemon,
    append: (lines) => fs.appendFileSync(logPath, lines.map((l) => `${l}\n`).join("")),
    stop: async () => {
      await run.daemon.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  Object.assign(run, {
    daemon: new DetectorDaemon(initial, {
      out,
      clock: new ManualClock(T0),
      fs: nodeFileAccess,
      hostAddresses: () => [...run.hostAddresses],
      readSettings: () => run.nextSettings,
      env: {},
      runner: noCommands,
      canSelfTest: false,
      sleep: () => Promise.resolve(),
      ...deps,
    }),
  });
  return run;
}
