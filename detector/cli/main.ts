import { performance } from "node:perf_hooks";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import { processOutput, type Output } from "../io/output";
import { replayCommand } from "./replay-command";
import { runCommand } from "./run-command";
import { ExitCode, USAGE, UsageError } from "./usage";
import { banVerb } from "./verbs/ban-verb";
import { bansVerb } from "./verbs/bans-verb";
import { breakerVerb } from "./verbs/breaker-verb";
import { explainVerb } from "./verbs/explain-verb";
import { flushVerb } from "./verbs/flush-verb";
import { installVerb } from "./verbs/install-verb";
import { selftestVerb } from "./verbs/selftest-verb";
import { statusVerb } from "./verbs/status-verb";
import { unbanVerb } from "./verbs/unban-verb";
import { uninstallVerb } from "./verbs/uninstall-verb";

type Verb = (args: string[], out: Output) => Promise<number>;

const VERBS: Record<string, Verb> = {
  install: installVerb,
  uninstall: uninstallVerb,
  flush: flushVerb,
  selftest: selftestVerb,
  explain: explainVerb,
  bans: bansVerb,
  ban: banVerb,
  unban: unbanVerb,
  breaker: breakerVerb,
  status: statusVerb,
};

/** Entry point of `swiftdeploy-detector`: dispatches a subcommand and maps failures to exit codes. */
async function main(argv: string[]): Promise<void> {
  // `replay … | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(ExitCode.Ok);
    throw error;
  });
  const out = processOutput(process.stdout, process.stderr);
  const [command, ...rest] = argv;
  try {
    if (command === "replay") {
      process.exitCode = replayCommand(rest, out, () => performance.now());
      return;
    }
    if (command === "run") return await runCommand(rest, out);
    if (command === "help" || command === "--help" || command === "-h") {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    const verb = command === undefined ? undefined : VERBS[command];
    if (verb === undefined)
      throw new UsageError(
        command === undefined ? "missing command" : `unknown command "${command}"`,
      );
    process.exitCode = await verb(rest, out);
  } catch (error) {
    process.exitCode = report(error);
    // a daemon that failed to start must not linger on open handles
    if (command === "run") process.exit();
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
    if (error.code === ErrorCode.ConfigInvalid) return ExitCode.Usage;
    if (error.code === ErrorCode.BanRefused) return ExitCode.Refused;
    return error.code === ErrorCode.SelfTestFailed ? ExitCode.SelfTestFailed : ExitCode.Failed;
  }
  process.stderr.write(
    `swiftdeploy-detector: unexpected failure: ${(error as Error).stack ?? String(error)}\n`,
  );
  return ExitCode.Failed;
}

void main(process.argv.slice(2));
