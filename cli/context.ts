import path from "node:path";
import type { Clock } from "../core/clock";
import { operatorActor } from "../core/operator-actor";
import type { Prompt } from "./shell/prompt";
import type { Terminal } from "./shell/terminal";

/** What every verb runs with: where the project is, which stack, and the injected world. */
export interface CliContext {
  readonly projectDir: string;
  readonly stack: string;
  /** The stack's config file: --config-file, or Pulumi.<stack>.yaml in the project. */
  readonly configFile: string;
  /** True when --config-file was given (it is then passed to every Pulumi operation). */
  readonly explicitConfigFile: boolean;
  readonly term: Terminal;
  /** Questions to the operator; not interactive off a terminal. */
  readonly prompt: Prompt;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Who acts, as `user@host` (or SWIFTDEPLOY_ACTOR), recorded in the history and the detector's audit log. */
  readonly actor: string;
}

/** The history file of a project (git-ignored). */
export function historyFile(ctx: Pick<CliContext, "projectDir">): string {
  return path.join(ctx.projectDir, "history.jsonl");
}

/** The operator running this process, as `user@host` (SWIFTDEPLOY_ACTOR overrides it). */
export function currentActor(env: Readonly<Record<string, string | undefined>>): string {
  return operatorActor(env);
}

/** The stack config file for a stack, unless one was given. */
export function defaultConfigFile(projectDir: string, stack: string): string {
  return path.join(projectDir, `Pulumi.${stack}.yaml`);
}
