import type { Stack } from "@pulumi/pulumi/automation";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { readFileSync } from "node:fs";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { CliContext } from "../context";
import { findExecutable } from "./find-executable";
import { checkPassphrase } from "./passphrase-guard";

/** How to open the stack: create it when it does not exist yet (deploy, preview) or not. */
export interface OpenStackOptions {
  readonly create: boolean;
}

/** The Pulumi CLI, or a clear error saying how to get it. */
export async function pulumiCommand(env: CliContext["env"]): Promise<PulumiCommand> {
  if (findExecutable("pulumi", env.PATH) === undefined) {
    throw new SwiftDeployError(ErrorCode.ToolMissing, "the Pulumi CLI (`pulumi`) is not on PATH", [
      "run `npm run setup` once (it builds the pinned CLI), then use `npm run swiftdeploy -- …`, which sources scripts/env.sh",
      "or source it yourself: `. scripts/env.sh && node dist/cli/swiftdeploy.js …`",
    ]);
  }
  return PulumiCommand.get({ skipVersionCheck: false });
}

/**
 * The project's stack through the Automation API: a LocalWorkspace on the project folder, so the
 * same program (index.ts) and Pulumi.<stack>.yaml run as with the plain CLI.
 */
export async function openStack(ctx: CliContext, options: OpenStackOptions): Promise<Stack> {
  checkPassphrase(ctx.stack, ctx.env, (file) => readFileSync(file, "utf8"));
  const command = await pulumiCommand(ctx.env);
  const args = { stackName: ctx.stack, workDir: ctx.projectDir };
  const workspaceOptions = { pulumiCommand: command };
  try {
    return options.create
      ? await LocalWorkspace.createOrSelectStack(args, workspaceOptions)
      : await LocalWorkspace.selectStack(args, workspaceOptions);
  } catch (error) {
    const message = (error as Error).message;
    if (/no stack named|stack .* not found/i.test(message)) {
      throw new SwiftDeployError(
        ErrorCode.ReleaseState,
        `stack "${ctx.stack}" does not exist in the backend (${ctx.env.PULUMI_BACKEND_URL ?? "default backend"})`,
        [`deploy it first: swiftdeploy deploy --stack ${ctx.stack}`],
      );
    }
    throw new SwiftDeployError(ErrorCode.EngineFailed, `cannot open stack "${ctx.stack}"`, [
      lastLines(message, 8),
    ]);
  }
}

/** The last `count` non-empty lines of a long engine message. */
export function lastLines(text: string, count: number): string {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "")
    .slice(-count)
    .join("\n    ");
}
