import { spawn } from "node:child_process";

/** The outcome of one command. `code` is null when it could not start or was killed. */
export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Why it did not run to completion ("not found", "timed out after 30000 ms"). */
  readonly error?: string;
}

/** Options of one command. */
export interface RunOptions {
  /** Written to the command's stdin (batched kernel updates). */
  readonly stdin?: string;
  readonly timeoutMs?: number;
}

/** Runs external commands (ipset, iptables, nft, systemctl, ip). The seam for the recording twin. */
export interface CommandRunner {
  run(argv: readonly string[], options?: RunOptions): Promise<CommandResult>;
}

/** A command as it is logged: the exact argv, the stdin's size and first lines, the outcome. */
export interface CommandLogEntry {
  readonly argv: readonly string[];
  readonly stdinLines?: number;
  readonly stdinHead?: readonly string[];
  readonly code: number | null;
  readonly ms: number;
  readonly stderr?: string;
  readonly error?: string;
}

/** Lines of a batch script shown in the log; the count is always logged. */
const STDIN_HEAD = 20;

/** The log entry for a command and its result. */
export function commandLogEntry(
  argv: readonly string[],
  options: RunOptions | undefined,
  result: CommandResult,
): CommandLogEntry {
  const lines = options?.stdin === undefined ? undefined : options.stdin.split("\n");
  if (lines !== undefined && lines[lines.length - 1] === "") lines.pop();
  return {
    argv,
    ...(lines === undefined
      ? {}
      : { stdinLines: lines.length, stdinHead: lines.slice(0, STDIN_HEAD) }),
    code: result.code,
    ms: Math.round(result.ms),
    ...(result.stderr.trim() === "" ? {} : { stderr: result.stderr.trim().slice(0, 2000) }),
    ...(result.error === undefined ? {} : { error: result.error }),
  };
}

/** The sbin directories are not on every caller's PATH (ssh sessions, cron). */
const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** Runs commands with node:child_process and reports each one to `log`. */
export function nodeCommandRunner(
  log: (entry: CommandLogEntry) => void,
  defaultTimeoutMs = 30_000,
): CommandRunner {
  return {
    run(argv, options) {
      const started = performance.now();
      return new Promise<CommandResult>((resolve) => {
        const [file, ...args] = argv;
        const child = spawn(file!, args, {
          stdio: ["pipe", "pipe", "pipe"],
          env: { ...process.env, PATH: `${PATH}:${process.env.PATH ?? ""}`, LC_ALL: "C" },
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let error: string | undefined;
        const limit = options?.timeoutMs ?? defaultTimeoutMs;
        const timer = setTimeout(() => {
          error = `timed out after ${limit} ms`;
          child.kill("SIGKILL");
        }, limit);
        child.stdout.on("data", (d: Buffer) => out.push(d));
        child.stderr.on("data", (d: Buffer) => err.push(d));
        child.stdin.on("error", () => undefined); // a command that exits early closes its stdin
        child.on("error", (e: NodeJS.ErrnoException) => {
          error = e.code === "ENOENT" ? `${file} not found` : e.message;
        });
        child.on("close", (code) => {
          clearTimeout(timer);
          const result: CommandResult = {
            code: error === undefined ? code : null,
            stdout: Buffer.concat(out).toString("utf8"),
            stderr: Buffer.concat(err).toString("utf8"),
            ms: performance.now() - started,
            ...(error === undefined ? {} : { error }),
          };
          log(commandLogEntry(argv, options, result));
          resolve(result);
        });
        child.stdin.end(options?.stdin ?? "");
      });
    },
  };
}

/** One line saying how a command failed, for error messages. */
export function describeFailure(argv: readonly string[], result: CommandResult): string {
  const why = result.error ?? (result.stderr.trim().split("\n")[0] || `exit code ${result.code}`);
  return `\`${argv.join(" ")}\` failed: ${why}`;
}
