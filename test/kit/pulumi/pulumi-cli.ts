import { execFile } from "node:child_process";
import type { PulumiEnv } from "./pulumi-env";

/** Result of one plain `pulumi` CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for assertions on messages. */
  output: string;
  ms: number;
}

/**
 * Runs the plain `pulumi` CLI (the one scripts/env.sh puts on PATH) in `cwd`, non-interactively,
 * with the environment's temp backend and passphrase. Never throws on a non-zero exit.
 */
export function pulumi(
  env: PulumiEnv,
  cwd: string,
  args: readonly string[],
  input?: string,
): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = execFile(
      "pulumi",
      [...args, "--non-interactive"],
      { cwd, env: env.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        const out = String(stdout);
        const err = String(stderr);
        resolve({
          code,
          stdout: out,
          stderr: err,
          output: `${out}\n${err}`,
          ms: Date.now() - started,
        });
      },
    );
    child.stdin?.end(input ?? "");
  });
}

/** Like `pulumi`, but fails with the command's output when it exits non-zero. */
export async function pulumiOk(
  env: PulumiEnv,
  cwd: string,
  args: readonly string[],
  input?: string,
): Promise<CliResult> {
  const result = await pulumi(env, cwd, args, input);
  if (result.code !== 0)
    throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
  return result;
}
