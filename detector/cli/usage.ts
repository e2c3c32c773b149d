/** Exit codes of `swiftdeploy-detector` (documented in detector/README.md). */
export const ExitCode = { Ok: 0, Failed: 1, Usage: 2 } as const;

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The help text. */
export const USAGE = `usage: swiftdeploy-detector <command> [options]

commands:
  replay FILE [--config FILE]   run the engine over a log file as fast as possible; print the
                                decisions as JSON lines, then a {"type":"summary",...} line
  run [--config FILE]           follow the log live (settings: logPath, stateDir) and print
                                decisions as JSON lines; resumes exactly where it stopped
  help                          show this text

--config FILE   detector settings (JSON or YAML; the manifest's detector: section). Default: built-in
                defaults.
exit codes: 0 ok, 1 failure, 2 bad usage or invalid config`;
