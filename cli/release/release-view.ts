import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { Manifest } from "../../core/manifest";
import type { ReleaseEdit } from "./manifest-edit";

/** Which versions a manifest runs and the canary's share, as the CLI reports and records it. */
export interface ReleaseView {
  readonly stable: string;
  readonly canary: { readonly version: string; readonly weight: number } | null;
}

/** The release of a (validated, overridden) manifest. */
export function releaseView(manifest: Pick<Manifest, "release">): ReleaseView {
  const { stable, canary } = manifest.release;
  return {
    stable: stable.version,
    canary: canary === undefined ? null : { version: canary.version, weight: canary.weight },
  };
}

/** "stable 1.0.0" or "stable 1.0.0 + canary 1.1.0 at 10 %". */
export function describeRelease(release: ReleaseView): string {
  const canary = release.canary;
  return canary === null
    ? `stable ${release.stable}`
    : `stable ${release.stable} + canary ${canary.version} at ${canary.weight} %`;
}

/** The release an edit should produce from `before`. */
export function expectedRelease(before: ReleaseView, edit: ReleaseEdit): ReleaseView {
  switch (edit.kind) {
    case "start-canary":
      return { stable: before.stable, canary: { version: edit.version, weight: edit.weight } };
    case "set-weight":
      return {
        stable: before.stable,
        canary: before.canary && { ...before.canary, weight: edit.weight },
      };
    case "promote":
      return { stable: edit.version, canary: null };
    case "remove-canary":
      return { stable: before.stable, canary: null };
  }
}

/** Refuses edits the current release does not allow, saying what to do instead. */
export function checkEditAllowed(before: ReleaseView, edit: ReleaseEdit): void {
  const canary = before.canary;
  if (edit.kind === "start-canary") {
    if (edit.version === before.stable) {
      throw new SwiftDeployError(
        ErrorCode.ReleaseState,
        `version ${edit.version} is already the stable version; a canary must run a different version`,
      );
    }
    if (canary !== null && canary.version !== edit.version) {
      throw new SwiftDeployError(
        ErrorCode.ReleaseState,
        `canary ${canary.version} is already running at ${canary.weight} %`,
        [
          "finish it first: swiftdeploy promote (or swiftdeploy rollback), then start the new canary",
        ],
      );
    }
    return;
  }
  if (canary === null) {
    throw new SwiftDeployError(
      ErrorCode.ReleaseState,
      `there is no canary (the manifest runs ${describeRelease(before)})`,
      ["start one first: swiftdeploy canary start <version> --weight 10"],
    );
  }
  if (edit.kind === "promote" && edit.version !== canary.version) {
    throw new SwiftDeployError(
      ErrorCode.ReleaseState,
      `the canary is ${canary.version}, not ${edit.version}; nothing to promote`,
    );
  }
}

/** True when two views name the same versions and weight. */
export function sameRelease(a: ReleaseView, b: ReleaseView): boolean {
  return (
    a.stable === b.stable &&
    a.canary?.version === b.canary?.version &&
    a.canary?.weight === b.canary?.weight
  );
}
