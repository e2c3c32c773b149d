import type { PulumiFn, Stack, UpResult } from "@pulumi/pulumi/automation";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import type { PulumiEnv } from "./pulumi-env";
import { pulumiEnv } from "./pulumi-env";

/** An Automation API stack running an inline program against the real engine and the stand-ins. */
export interface InlineStack {
  readonly stack: Stack;
  readonly env: PulumiEnv;
  /**
   * `pulumi up`; returns the result with every engine line in `log` (debug messages included with
   * `debug: true`, e.g. the stand-ins' exact commands).
   */
  up(options?: { debug?: boolean }): Promise<UpResult & { log: string }>;
  /** `pulumi preview`; resolves with the output, or rejects with the engine's error text. */
  preview(): Promise<string>;
  refresh(): Promise<void>;
  /** `pulumi destroy`, then removes the stack and the temp state (safe to call twice). */
  destroy(): Promise<void>;
}

/**
 * Creates a stack `test` of project `project` whose program is `program` (re-read on every run,
 * so a test changes inputs between `up`s by mutating what the program closes over).
 */
export async function inlineStack(
  project: string,
  program: PulumiFn,
  workDir?: string,
): Promise<InlineStack> {
  const env = pulumiEnv(project);
  const pulumiCommand = await PulumiCommand.get({ root: env.cliRoot, skipVersionCheck: false });
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: project, stackName: "test", program },
    { envVars: env.env, pulumiCommand, workDir },
  );
  let log = "";
  const onOutput = (text: string): void => {
    log += text;
  };
  let destroyed = false;
  return {
    stack,
    env,
    up: async (options = {}) => {
      log = "";
      const result = await stack.up({ onOutput, debug: options.debug }).catch((error: Error) => {
        throw new Error(`pulumi up failed: ${error.message}\n${log}`);
      });
      return { ...result, log };
    },
    preview: async () => {
      log = "";
      const result = await stack.preview({ onOutput });
      return result.stdout;
    },
    refresh: async () => void (await stack.refresh({ onOutput })),
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      try {
        await stack.destroy({ onOutput });
        await stack.workspace.removeStack("test");
      } finally {
        env.cleanup();
      }
    },
  };
}
