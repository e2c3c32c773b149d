import path from "node:path";
import { systemClock } from "../core/clock";
import { SwiftDeployError } from "../core/errors";
import { VERBS } from "./commands/registry";
import type { CliContext } from "./context";
import { currentActor, defaultConfigFile } from "./context";
import { ExitCode, exitCodeFor } from "./exit-codes";
import type { Prompt } from "./shell/prompt";
import { noPrompt } from "./shell/prompt";
import type { Terminal } from "./shell/terminal";
import { describeVersions, packageRoot, readToolVersions } from "./tool-versions";
import { UsageError } from "./usage-error";
import type { Verb } from "./verb";
import { GLOBAL_USAGE, parseVerbArgs, stringOption } from "./verb";

/** The project folder when none is given: the CLI's bundle lives in <project>/dist/cli/. */
const BUNDLED_PROJECT = path.resolve(__dirname, "..", "..");

function overview(): string {
  const width = Math.max(...VERBS.map((v) => v.name.length));
  return `usage: swiftdeploy <command> [options]   (swiftdeploy <command> --help for its options)
       swiftdeploy --version                 (this CLI's version and the pinned Pulumi and OPA)

commands:
${VERBS.map((v) => `  ${v.name.padEnd(width)}  ${v.summary}`).join("\n")}

${GLOBAL_USAGE}

Exit codes are listed in cli/README.md (0 ok, 2 usage, 3 policy denied, 4 rolled back, …).

examples:
  swiftdeploy deploy
  swiftdeploy canary start 1.1.0 --weight 10
  swiftdeploy promote --watch
  swiftdeploy status
`;
}

/**
 * Runs one command line; resolves with the exit code (errors are printed here, once). Without a
 * prompt nobody is asked anything: confirmations then need `--yes`.
 */
export async function runCli(
  argv: readonly string[],
  term: Terminal,
  env: CliContext["env"],
  prompt: Prompt = noPrompt,
): Promise<number> {
  const [name] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    term.out(overview());
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (name === "--version") {
    term.out(describeVersions(readToolVersions(packageRoot(__dirname))));
    return ExitCode.Ok;
  }
  const verb: Verb | undefined = VERBS.find((v) => v.name === name);
  if (verb === undefined) {
    term.err(`swiftdeploy: unknown command "${name}"\n\n${overview()}`);
    return ExitCode.Usage;
  }
  try {
    const args = parseVerbArgs(verb, argv);
    if (args.values.help === true) {
      term.out(`${verb.usage}\n\n${GLOBAL_USAGE}`);
      return ExitCode.Ok;
    }
    const projectDir = path.resolve(stringOption(args, "project-dir") ?? BUNDLED_PROJECT);
    const stack = stringOption(args, "stack") ?? "dev";
    const explicit = stringOption(args, "config-file");
    const ctx: CliContext = {
      projectDir,
      stack,
      configFile:
        explicit === undefined ? defaultConfigFile(projectDir, stack) : path.resolve(explicit),
      explicitConfigFile: explicit !== undefined,
      term,
      prompt,
      clock: systemClock,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      env,
      actor: currentActor(env),
    };
    return await verb.run(ctx, args);
  } catch (error) {
    const s = term.errStyle;
    if (error instanceof UsageError) {
      term.err(`${s.red("error")}: ${error.message}\n\n${verb.usage}`);
      return ExitCode.Usage;
    }
    if (error instanceof SwiftDeployError) {
      term.err(`${s.red("error")} [${error.code}]: ${error.message}`);
      return exitCodeFor(error.code);
    }
    term.err(
      `${s.red("unexpected error")} (a bug; please report it with this output):\n${(error as Error).stack ?? String(error)}`,
    );
    return ExitCode.Failed;
  }
}
