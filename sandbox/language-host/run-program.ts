import { spawn } from "node:child_process";
import type { RunRequest } from "@pulumi/pulumi/proto/language_pb";
import { RunResponse } from "@pulumi/pulumi/proto/language_pb";
import { resolveSdkFile } from "../shared/sdk-modules";
import { standInRefusal } from "../shared/stand-in-guard";
import { programLocation } from "./program-options";

/** Exit code with which the SDK's `cmd/run` says it already showed the user a good error. */
const EXITED_AFTER_LOGGING_ERROR = 32;

/** The `node` command line and environment that run a program, as the official host builds them. */
export function runCommandLine(
  req: RunRequest,
  engineAddress: string | undefined,
): { args: string[]; env: NodeJS.ProcessEnv; cwd: string } {
  const where = programLocation(req.getInfo(), { pwd: req.getPwd(), program: req.getProgram() });
  const runScript = resolveSdkFile("@pulumi/pulumi/cmd/run", where.programDirectory);
  const args = [...where.nodeargs, runScript, "--monitor", req.getMonitorAddress()];
  const flag = (name: string, value: string | undefined): void => {
    if (value) args.push(`--${name}`, value);
  };
  flag("engine", engineAddress);
  flag("organization", req.getOrganization());
  flag("project", req.getProject());
  flag("root-directory", where.rootDirectory);
  flag("stack", req.getStack());
  flag("pwd", req.getPwd() || where.programDirectory);
  if (req.getDryrun()) args.push("--dry-run");
  flag("parallel", String(req.getParallel()));
  args.push(where.entryPoint, ...req.getArgsList());

  const config: Record<string, string> = {};
  req.getConfigMap().forEach((value, key) => {
    config[key] = value;
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
    PULUMI_NODEJS_TYPESCRIPT: String(where.typescript),
  };
  if (where.tsconfig) env["PULUMI_NODEJS_TSCONFIG_PATH"] = where.tsconfig;
  return { args, env, cwd: where.programDirectory };
}

/**
 * Answers `Run`: spawns `node @pulumi/pulumi/cmd/run …` in the program folder with the output
 * going straight to ours (the engine shows it), then maps the exit code like the official host.
 * A stack the stand-ins may not serve (`standInRefusal`, read from `hostEnv`) is an error at once.
 */
export async function runProgram(
  req: RunRequest,
  engineAddress: string | undefined,
  signal: AbortSignal,
  hostEnv: Readonly<Record<string, string | undefined>> = process.env,
): Promise<RunResponse> {
  const response = new RunResponse();
  const refusal = standInRefusal("pulumi-language-nodejs", req.getStack(), hostEnv);
  if (refusal !== undefined) return response.setError(refusal);
  const { args, env, cwd } = runCommandLine(req, engineAddress);
  const outcome = await new Promise<{ code: number | null; signal: string | null; error?: Error }>(
    (resolve) => {
      const child = spawn(process.execPath, args, {
        cwd,
        env,
        stdio: ["ignore", "inherit", "inherit"],
      });
      const stop = (): void => void child.kill("SIGTERM");
      signal.addEventListener("abort", stop, { once: true });
      child.on("error", (error) => resolve({ code: null, signal: null, error }));
      child.on("exit", (code, sig) => {
        signal.removeEventListener("abort", stop);
        resolve({ code, signal: sig });
      });
    },
  );
  if (outcome.error) {
    response.setError(`could not start the Node.js program runner: ${outcome.error.message}`);
  } else if (outcome.code === EXITED_AFTER_LOGGING_ERROR) {
    response.setBail(true);
  } else if (outcome.code !== 0) {
    response.setError(
      outcome.code === null
        ? `Program exited unexpectedly: signal ${outcome.signal ?? "unknown"}`
        : `Program exited with non-zero exit code: ${outcome.code}`,
    );
  }
  return response;
}
