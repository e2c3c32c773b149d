import { parseArgs, type ParseArgsConfig } from "node:util";
import type { DetectorSettings } from "../../../core/detector-settings";
import { nodeCommandRunner, type CommandRunner } from "../../enforce/command-runner";
import { StateStore } from "../../state/state-store";
import { loadSettings } from "../load-settings";
import type { Output } from "../../io/output";
import { CONTROL_SOCKET } from "../../control/control-client";
import { UsageError } from "../usage";

/** What every operator verb starts from. */
export interface VerbContext {
  readonly settings: DetectorSettings;
  readonly configFile: string | undefined;
  readonly store: StateStore;
  readonly socket: string;
  readonly runner: CommandRunner;
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** Parses a verb's options (`--config` is always accepted) and loads the settings. */
export function verbContext(
  verb: string,
  args: string[],
  out: Output,
  options: NonNullable<ParseArgsConfig["options"]> = {},
  positionals: { min: number; max: number } = { min: 0, max: 0 },
): VerbContext {
  const parsed = parseArgs({
    args,
    options: { config: { type: "string" }, ...options },
    allowPositionals: true,
    strict: true,
  });
  const n = parsed.positionals.length;
  if (n < positionals.min || n > positionals.max)
    throw new UsageError(
      positionals.max === 0
        ? `${verb} takes no arguments (got ${parsed.positionals.join(" ")})`
        : `${verb}: expected ${positionals.min === positionals.max ? positionals.min : `${positionals.min}-${positionals.max}`} argument(s)`,
    );
  const configFile = parsed.values.config as string | undefined;
  const settings = loadSettings(configFile);
  const store = new StateStore(settings.stateDir);
  return {
    settings,
    configFile,
    store,
    socket: store.file(CONTROL_SOCKET),
    runner: nodeCommandRunner(
      (entry) => out.log("info", "command", { ...entry }),
      settings.enforcement.commandTimeoutMs,
    ),
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
  };
}

/** Prints the verb's result as one JSON line on stdout. */
export function printResult(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
