import type { Client } from "ssh2";
import type { CommandResult, OutputSink } from "./command-output";
import { OutputCollector } from "./command-output";

/**
 * Runs `command` in a session on an open SSH connection. Environment variables go as SSH `env`
 * requests (honoured only where sshd's AcceptEnv allows, as with the official provider); a
 * non-zero exit fails with the official message shape and the interleaved output.
 */
export function sshExec(
  client: Client,
  command: string,
  options: { env: Record<string, string>; stdin?: string; sink: OutputSink },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, { env: options.env }, (error, channel) => {
      if (error) {
        reject(error);
        return;
      }
      const output = new OutputCollector(options.sink);
      let exit: { code?: number; signal?: string } = {};
      channel.on("data", (chunk: Buffer) => output.add("stdout", chunk));
      channel.stderr.on("data", (chunk: Buffer) => output.add("stderr", chunk));
      channel.on("exit", (code: number | null, signal?: string) => {
        exit = { code: code ?? undefined, signal };
      });
      channel.on("close", () => {
        if (exit.code === 0) {
          resolve(output.result());
          return;
        }
        const status = exit.signal
          ? `Process exited with signal ${exit.signal}`
          : `Process exited with status ${exit.code ?? "unknown"}`;
        reject(new Error(`${status}: running ${JSON.stringify(command)}:\n${output.combined()}`));
      });
      if (options.stdin) channel.end(options.stdin);
      else channel.end();
    });
  });
}
