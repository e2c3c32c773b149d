/** A command's combined output and exit status, when a non-zero exit is an answer, not a failure. */
export interface Framed {
  readonly exitCode: number;
  readonly output: string;
}

const MARK = "@@swiftdeploy-exit";

/** Wraps a command so its exit status travels in its output (the session rejects non-zero exits). */
export function framedCommand(command: string): string {
  return `{ ${command}\n} 2>&1; printf '\\n${MARK} %s\\n' "$?"`;
}

/** Splits a framed command's stdout into its output and exit status. */
export function parseFramed(stdout: string): Framed {
  const at = stdout.lastIndexOf(`\n${MARK} `);
  if (at < 0) return { exitCode: 1, output: stdout };
  const exitCode = Number.parseInt(stdout.slice(at + MARK.length + 2), 10);
  return { exitCode: Number.isNaN(exitCode) ? 1 : exitCode, output: stdout.slice(0, at) };
}
