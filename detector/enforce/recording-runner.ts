import type { CommandResult, CommandRunner, RunOptions } from "./command-runner";

/** A command the recording runner saw. */
export interface RecordedCommand {
  readonly argv: readonly string[];
  readonly stdin?: string;
}

/** Answers a command: exit code and output. */
export type Responder = (
  argv: readonly string[],
  stdin: string | undefined,
) => Partial<CommandResult> | undefined;

/**
 * The dry-run/recording twin of the node runner: runs nothing, records every command, and answers
 * through `responder` (default: success with empty output). Used by tests and `--dry-run` verbs.
 */
export class RecordingRunner implements CommandRunner {
  readonly commands: RecordedCommand[] = [];

  constructor(private readonly responder: Responder = () => undefined) {}

  run(argv: readonly string[], options?: RunOptions): Promise<CommandResult> {
    this.commands.push({
      argv: [...argv],
      ...(options?.stdin === undefined ? {} : { stdin: options.stdin }),
    });
    const answer = this.responder(argv, options?.stdin) ?? {};
    return Promise.resolve({ code: 0, stdout: "", stderr: "", ms: 0, ...answer });
  }

  /** Every command as one shell-like line (stdin not included). */
  lines(): string[] {
    return this.commands.map((c) => c.argv.join(" "));
  }
}
