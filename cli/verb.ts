import type { ParseArgsConfig } from "node:util";
import { parseArgs } from "node:util";
import type { CliContext } from "./context";
import { UsageError } from "./usage-error";

/** Options every verb takes. */
export const GLOBAL_OPTIONS = {
  stack: { type: "string", default: "dev" },
  "project-dir": { type: "string" },
  "config-file": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/** The help text of the global options, appended to every verb's usage. */
export const GLOBAL_USAGE = `global options:
  --stack NAME          Pulumi stack (default dev); its config is Pulumi.<NAME>.yaml
  --project-dir DIR     the project folder (default: the folder this CLI was built in)
  --config-file FILE    use this stack config file instead of Pulumi.<NAME>.yaml
  -h, --help            show this help`;

/** Parsed arguments of one verb (global options included). */
export interface VerbArgs {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** One `swiftdeploy <verb>`: its help and how it runs. Printing stays in the verb; logic does not. */
export interface Verb {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The verb's usage, options and examples (global options are appended). */
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig["options"]>;
  /** Words after the verb it takes (`canary start 1.1.0`: 2); more are a usage error. Default 0. */
  readonly maxArguments?: number;
  run(ctx: CliContext, args: VerbArgs): Promise<number>;
}

/** Parses a verb's arguments; unknown options and malformed values are usage errors. */
export function parseVerbArgs(verb: Verb, argv: readonly string[]): VerbArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { ...GLOBAL_OPTIONS, ...verb.options },
    });
    const extra = positionals.slice(1 + (verb.maxArguments ?? 0));
    if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
    return { values, positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

/** A string option's value, or undefined. */
export function stringOption(args: VerbArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

/** A number option: finite and within [min, max], or a usage error naming the option. */
export function numberOption(
  args: VerbArgs,
  name: string,
  fallback: number,
  range: { min: number; max: number },
): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value < range.min || value > range.max) {
    throw new UsageError(
      `--${name} must be a number from ${range.min} to ${range.max}, not ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** A boolean flag. */
export function flag(args: VerbArgs, name: string): boolean {
  return args.values[name] === true;
}
