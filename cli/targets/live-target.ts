import type { DeployTarget } from "../../core/stack-config";
import type { Manifest } from "../../core/manifest";
import type { CliContext } from "../context";
import type { StackOutputs } from "../engine/stack-outputs";
import type { LiveStack } from "../live/live-stack";
import type { CheckResult } from "../validate/preflight";

/** What a target may not do yet, by feature. */
export type TargetFeature = "dashboard" | "bans";

/**
 * What the CLI's verbs need of a deploy target, beside the Pulumi program (which the engine runs
 * the same way for every target): how to reach the running stack, where the public reaches it, and
 * the pre-flight checks of where it runs. One object per target (`registry.ts`), so the verbs never
 * ask which target they are on.
 */
export interface LiveTarget {
  readonly name: DeployTarget;
  /** Reaches the running stack: an SSH connection to the host, or kubectl to the cluster. */
  connect(ctx: CliContext, manifest: Manifest, outputs: StackOutputs): Promise<LiveStack>;
  /** The URLs the public reaches the stack at: what deploy prints and every update waits for. */
  publicUrls(ctx: CliContext, outputs: StackOutputs): Promise<string[]>;
  /** Where the stack runs, for a question before removing it ("root@203.0.113.10"); no connection. */
  where(ctx: CliContext, manifest: Manifest, outputs: StackOutputs): Promise<string>;
  /** What deploy prints after the public URLs, as label and value. */
  deployedLines(outputs: StackOutputs): readonly (readonly [string, string])[];
  /**
   * validate's checks of where the stack runs, after the manifest's; with no valid manifest, the
   * same checks skipped with that reason.
   */
  preflight(ctx: CliContext, manifest: Manifest | undefined): Promise<CheckResult[]>;
  /** What this target cannot do yet, each saying why and what works instead. */
  readonly notYet: Readonly<Partial<Record<TargetFeature, string>>>;
}
