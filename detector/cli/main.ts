import { performance } from "node:perf_hooks";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import { processOutput } from "./output";
import { replayCommand } from "./replay-command";
import { runCommand } from "./run-command";
import { ExitCode, USAGE, UsageError } from "./usage";

/** Entry point of `swiftdeploy-detector`: dispatches a subcommand and maps failures to exit codes. */
function main(argv: string[]): void {
  // `replay … | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(ExitCode.Ok);
    throw error;
  });
  const out = processOutput(process.stdout, process.stderr);
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "replay":
        process.exitCode = replayCommand(rest, out, () => performance.now());
        return;
      case "run":
        runCommand(rest, out);
        return;
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(`${USAGE}\n`);
        return;
      default:
        throw new UsageError(
          command === undefined ? "missing command" : `unknown command "${command}"`,
        );
    }
  } catch (error) {
    process.exitCode = report(error);
  }
}

function report(error: unknown): number {
  if (
    error instanceof UsageError ||
    (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
  ) {
    process.stderr.write(`swiftdeploy-detector: ${(error as Error).message}\n\n${USAGE}\n`);
    return ExitCode.Usage;
  }
  if (error instanceof SwiftDeployError) {
    process.stderr.write(`swiftdeploy-detector: ${error.message}\n`);
    return error.code === ErrorCode.ConfigInvalid ? ExitCode.Usage : ExitCode.Failed;
  }
  process.stderr.write(
    `swiftdeploy-detector: unexpected failure: ${(error as Error).stack ?? String(error)}\n`,
  );
  return ExitCode.Failed;
}

main(process.argv.slice(2));
