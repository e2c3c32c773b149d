// The `swiftdeploy` entry point: everything else is in run-cli.ts and the verbs.
import { runCli } from "./run-cli";
import { terminalPrompt } from "./shell/prompt";
import { createTerminal } from "./shell/terminal";

void runCli(
  process.argv.slice(2),
  createTerminal(process.stdout, process.stderr, process.env),
  process.env,
  terminalPrompt(process.stdin, process.stderr),
).then((code) => {
  process.exitCode = code;
});
