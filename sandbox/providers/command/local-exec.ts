import { spawn } from "node:child_process";
import type { CommandResult, OutputSink } from "./command-output";
import { OutputCollector } from "./command-output";

/** Default interpreter of the official local.Command on Linux. */
export const DEFAULT_INTERPRETER = ["/bin/sh", "-c"] as const;

/**
 * Runs `command` on this machine through the interpreter, in `dir`, with the environment added
 * to ours; a non-zero exit fails with the official message shape and the interleaved output.
 */
export function localExec(
  command: string,
  options: {
    interpreter?: readonly string[];
    dir?: string;
    env: Record<string, string>;
    stdin?: string;
    sink: OutputSink;
  },
): Promise<CommandResult> {
  const [program, ...args] =
    options.interpreter && options.interpreter.length > 0
      ? options.interpreter
      : DEFAULT_INTERPRETER;
  return new Promise((resolve, reject) => {
    const child = spawn(program as string, [...args, command], {
      cwd: options.dir,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const output = new OutputCollector(options.sink);
    child.stdout.on("data", (chunk: Buffer) => output.add("stdout", chunk));
    child.stderr.on("data", (chunk: Buffer) => output.add("stderr", chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) {
        resolve(output.result());
        return;
      }
      const status = signal ? `signal: ${signal}` : `exit status ${code}`;
      reject(new Error(`${status}: running ${JSON.stringify(command)}:\n${output.combined()}`));
    });
    child.stdin.end(options.stdin ?? "");
  });
}
