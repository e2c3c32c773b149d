import { spawn } from "node:child_process";
import type { ServerWritableStream } from "@grpc/grpc-js";
import type { RunPluginRequest } from "@pulumi/pulumi/proto/language_pb";
import { RunPluginResponse } from "@pulumi/pulumi/proto/language_pb";
import { resolveSdkFile } from "../shared/sdk-modules";

/** Plugin kinds this host can start, with the SDK script that runs each. */
const RUNNERS: Record<string, string> = {
  analyzer: "@pulumi/pulumi/cmd/run-policy-pack",
};

/** The command line for a plugin written in Node.js; throws for kinds the host cannot start. */
export function pluginCommandLine(req: RunPluginRequest): {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
} {
  const runner = RUNNERS[req.getKind()];
  if (runner === undefined) {
    throw new Error(
      `RunPlugin for plugin kind "${req.getKind()}" is not supported by the sandbox Node.js language host ` +
        `(supported: ${Object.keys(RUNNERS).join(", ")})`,
    );
  }
  const packDir = req.getInfo()?.getProgramDirectory() || req.getPwd();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const entry of req.getEnvList()) {
    const at = entry.indexOf("=");
    if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return {
    args: [resolveSdkFile(runner, packDir), ...req.getArgsList(), packDir],
    cwd: packDir,
    env,
  };
}

/**
 * Answers `RunPlugin` (the CLI uses it to start a policy pack for `--policy-pack`): streams the
 * plugin's stdout/stderr back as they arrive, then its exit code.
 */
export function runPlugin(call: ServerWritableStream<RunPluginRequest, RunPluginResponse>): void {
  let command;
  try {
    command = pluginCommandLine(call.request);
  } catch (error) {
    call.emit("error", error);
    return;
  }
  const child = spawn(process.execPath, command.args, {
    cwd: command.cwd,
    env: command.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  call.on("cancelled", () => child.kill("SIGTERM"));
  child.stdout.on("data", (chunk: Buffer) => call.write(new RunPluginResponse().setStdout(chunk)));
  child.stderr.on("data", (chunk: Buffer) => call.write(new RunPluginResponse().setStderr(chunk)));
  child.on("error", (error) => call.emit("error", error));
  child.on("close", (code, signal) => {
    call.write(new RunPluginResponse().setExitcode(code ?? (signal ? 128 : 1)));
    call.end();
  });
}
