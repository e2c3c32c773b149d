import type { Clock } from "../../core/clock";
import { SwiftDeployError } from "../../core/errors";
import type { HistorySink } from "../history/history-file";
import type { ReleaseRecord } from "../history/history-record";
import type { ReleaseEdit } from "../release/manifest-edit";
import type { ReleaseStore } from "../release/release-store";
import type { ReleaseView } from "../release/release-view";
import { describeRelease } from "../release/release-view";
import type { ReleaseApplier } from "./ports";

/** What changing the release needs: the manifest, the engine, the history, a log. */
export interface ReleaseDeps {
  readonly store: ReleaseStore;
  readonly applier: ReleaseApplier;
  readonly history: HistorySink;
  readonly clock: Clock;
  readonly log: (line: string) => void;
}

/** One recorded release step. */
export interface ReleaseStep {
  readonly action: ReleaseRecord["action"];
  readonly edit: ReleaseEdit;
  /** Why, in the operator's words or the watcher's ("2 consecutive failed checks"). */
  readonly reason: string;
  /** Shown in progress and the deploy history ("promote 1.1.0"). */
  readonly purpose: string;
}

/**
 * Edits the manifest (validated, atomic), runs the update, and records the step with its result.
 * A failed update leaves the manifest edited (it is the desired state) and says how to finish.
 */
export async function applyReleaseStep(deps: ReleaseDeps, step: ReleaseStep): Promise<ReleaseView> {
  const { before, after } = deps.store.change(step.edit);
  deps.log(`manifest: ${describeRelease(before)} → ${describeRelease(after)}`);
  const record = {
    kind: "release" as const,
    action: step.action,
    before,
    after,
    reason: step.reason,
  };
  try {
    await deps.applier.apply(step.purpose);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.history.append({ ...record, result: "failed", error: message });
    if (error instanceof SwiftDeployError) {
      throw new SwiftDeployError(error.code, `${step.purpose}: the update failed`, [
        ...error.message.split("\n"),
        `the manifest now declares ${describeRelease(after)}; fix the cause and run \`swiftdeploy deploy\` to apply it, or restore the previous release (${describeRelease(before)}) by editing manifest.yaml`,
      ]);
    }
    throw error;
  }
  deps.history.append({ ...record, result: "succeeded" });
  return after;
}
