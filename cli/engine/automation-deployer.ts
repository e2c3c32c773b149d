import type { Stack, UpdateSummary, UpOptions } from "@pulumi/pulumi/automation";
import path from "node:path";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { CliContext } from "../context";
import type { HistorySink } from "../history/history-file";
import type { DeployRecord } from "../history/history-record";
import { generatedDir, initGeneratedFiles, POLICY_PACK_CONFIG } from "../init-files";
import { lastLines, openStack } from "./open-stack";
import { describeChanges, ProgressReporter } from "./progress";
import { checkStandIns, standInDirs } from "./stand-ins";
import type { StackOutputs } from "./stack-outputs";
import { readOutputs } from "./stack-outputs";

/**
 * The first lines of an engine error (where the cause is: the command, its stderr), with the
 * resource it names; the rest stays in history.jsonl.
 */
export function headLines(error: string, count = 3): string {
  const resource = / \(([\w.-]+)\)$/.exec(error)?.[1];
  const lines = error
    .replace(/ \([\w.-]+\)$/, "")
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "");
  const head = lines.slice(0, count).join("\n    ");
  const more =
    lines.length > count ? `\n    … ${lines.length - count} more lines in history.jsonl` : "";
  return `${resource === undefined ? "" : `${resource}: `}${head}${more}`;
}

/** The policy pack every update and preview runs with. */
export const POLICY_PACK_DIR = "policies/crossguard";

type Operation = DeployRecord["operation"];
type CommonOptions = Pick<UpOptions, "onEvent" | "message" | "color" | "configFile">;

/** The result of a successful operation. */
export interface OperationResult {
  readonly changes: Readonly<Record<string, number>>;
  readonly outputs: StackOutputs;
}

/**
 * Drives the project's stack through the Automation API: the same program and Pulumi.<stack>.yaml
 * as the plain CLI, always with the CrossGuard pack and the config `init` renders (regenerated
 * first), progress as concise lines on stderr, and every operation recorded in the history.
 */
export class AutomationDeployer {
  private opened: Promise<Stack> | undefined;
  /** Notices shown once per run, whatever the number of operations. */
  private readonly shownOnce = new Set<string>();

  constructor(
    private readonly ctx: CliContext,
    private readonly history: HistorySink,
  ) {}

  /** The stack (created on first use when `create`). */
  stack(create = false): Promise<Stack> {
    this.opened ??= openStack(this.ctx, { create });
    return this.opened;
  }

  private policyOptions() {
    initGeneratedFiles(this.ctx.projectDir, this.ctx.stack, this.ctx.configFile);
    return {
      policyPacks: [path.join(this.ctx.projectDir, POLICY_PACK_DIR)],
      policyPackConfigs: [
        path.join(generatedDir(this.ctx.projectDir, this.ctx.stack), POLICY_PACK_CONFIG),
      ],
    };
  }

  private async operate(
    operation: Operation,
    purpose: string,
    run: (
      stack: Stack,
      common: CommonOptions,
    ) => Promise<Readonly<Record<string, number | undefined>>>,
  ): Promise<Readonly<Record<string, number>>> {
    checkStandIns(this.ctx.stack, this.ctx.env);
    const started = this.ctx.clock.now();
    const reporter = new ProgressReporter(
      (line) => this.ctx.term.err(this.ctx.term.errStyle.dim(line)),
      () => this.ctx.clock.now() - started,
      this.shownOnce,
      standInDirs(this.ctx.env),
    );
    const stack = await this.stack(operation !== "destroy");
    this.ctx.term.err(`pulumi ${operation} of stack ${this.ctx.stack} (${purpose})`);
    const common: CommonOptions = {
      onEvent: (event) => reporter.onEvent(event),
      message: `swiftdeploy ${purpose} by ${this.ctx.actor}`,
      color: "never",
      ...(this.ctx.explicitConfigFile ? { configFile: this.ctx.configFile } : {}),
    };
    const record = { kind: "deploy" as const, operation, purpose };
    try {
      const raw = await run(stack, common);
      const changes = Object.fromEntries(
        Object.entries(raw).filter((e): e is [string, number] => typeof e[1] === "number"),
      );
      this.history.append({
        ...record,
        result: "succeeded",
        durationMs: this.ctx.clock.now() - started,
        changes,
        errors: [],
        policyViolations: reporter.findings.policyViolations,
      });
      return changes;
    } catch (error) {
      const { errors, policyViolations } = reporter.findings;
      this.history.append({
        ...record,
        result: "failed",
        durationMs: this.ctx.clock.now() - started,
        changes: {},
        errors: errors.length > 0 ? errors : [lastLines((error as Error).message, 6)],
        policyViolations,
      });
      const details = [
        ...policyViolations.map((v) => `policy ${v}`),
        // The engine's closing "update failed" says nothing the resource errors do not.
        ...errors
          .filter((e) => errors.length === 1 || !/^update failed\b/.test(e))
          .map((e) => headLines(e)),
      ];
      throw new SwiftDeployError(
        ErrorCode.EngineFailed,
        `pulumi ${operation} of stack ${this.ctx.stack} failed (${purpose})`,
        details.length > 0 ? details : [lastLines((error as Error).message, 12)],
      );
    }
  }

  /** `pulumi up` with the policy pack. */
  async up(purpose: string): Promise<OperationResult> {
    const changes = await this.operate("up", purpose, async (stack, common) => {
      const result = await stack.up({ ...common, ...this.policyOptions() });
      return result.summary.resourceChanges ?? {};
    });
    this.ctx.term.err(`update done: ${describeChanges(changes)}`);
    return { changes, outputs: await this.outputs() };
  }

  /** `pulumi preview` with the policy pack; resolves with the planned changes. */
  async preview(purpose: string): Promise<Readonly<Record<string, number>>> {
    return this.operate("preview", purpose, async (stack, common) => {
      const result = await stack.preview({ ...common, ...this.policyOptions() });
      return result.changeSummary;
    });
  }

  /** `pulumi destroy`. */
  async destroy(purpose: string): Promise<Readonly<Record<string, number>>> {
    return this.operate("destroy", purpose, async (stack, common) => {
      const result = await stack.destroy(common);
      return result.summary.resourceChanges ?? {};
    });
  }

  /** The stack's outputs (secrets decrypted: handle chaosToken with care). */
  async outputs(): Promise<StackOutputs> {
    return readOutputs(await (await this.stack()).outputs());
  }

  /** The engine's own update history, newest first. */
  async updates(): Promise<UpdateSummary[]> {
    return (await this.stack()).history();
  }

  /** Removes the stack and its state from the backend (after a destroy); Pulumi.<stack>.yaml stays. */
  async removeStack(): Promise<void> {
    // Without preserveConfig, `pulumi stack rm` deletes the committed Pulumi.<stack>.yaml too.
    await (await this.stack()).workspace.removeStack(this.ctx.stack, { preserveConfig: true });
  }
}
