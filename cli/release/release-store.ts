import { readFileSync } from "node:fs";
import path from "node:path";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { Manifest, ManifestFormat, ManifestWarning } from "../../core/manifest";
import { applyOverrides, parseManifestWithWarnings } from "../../core/manifest";
import { stackManifestSource } from "../stack-manifest";
import { writeFileAtomic } from "../../core/atomic-file";
import type { ReleaseEdit } from "./manifest-edit";
import { editReleaseText } from "./manifest-edit";
import type { ReleaseView } from "./release-view";
import {
  checkEditAllowed,
  describeRelease,
  expectedRelease,
  releaseView,
  sameRelease,
} from "./release-view";

/** The stack's manifest as read: overrides applied, with what the user must be told about it. */
export interface StackManifest {
  /** The file as shown to the user (relative to the project when inside it). */
  readonly file: string;
  readonly manifest: Manifest;
  readonly format: ManifestFormat;
  readonly warnings: readonly ManifestWarning[];
}

/** Reads the release and changes it, the manifest being the single source of truth. */
export interface ReleaseStore {
  /** The manifest as the stack sees it (overrides applied). */
  read(): Manifest;
  /** Applies one edit, validated before anything is written; returns the release before and after. */
  change(edit: ReleaseEdit): { readonly before: ReleaseView; readonly after: ReleaseView };
}

/** The release in manifest.yaml, edited in place (comments and layout kept, written atomically). */
export class ManifestReleaseStore implements ReleaseStore {
  constructor(
    private readonly projectDir: string,
    private readonly stack: string,
    private readonly configFile: string,
  ) {}

  private load(text: string, file: string): Manifest {
    return this.parse(text, file).manifest;
  }

  private parse(text: string, file: string): StackManifest {
    const source = stackManifestSource(this.projectDir, this.stack, this.configFile);
    const parsed = parseManifestWithWarnings(text, file);
    const manifest = applyOverrides(parsed.manifest, source.overrides, source.overridesLabel);
    return { file, manifest, format: parsed.format, warnings: parsed.warnings };
  }

  read(): Manifest {
    return this.readParsed().manifest;
  }

  /** `read()`, with the file's name as shown, its form and the legacy form's warnings. */
  readParsed(): StackManifest {
    const { manifestPath } = stackManifestSource(this.projectDir, this.stack, this.configFile);
    return this.parse(readFileSync(manifestPath, "utf8"), this.label(manifestPath));
  }

  change(edit: ReleaseEdit): { before: ReleaseView; after: ReleaseView } {
    const { manifestPath } = stackManifestSource(this.projectDir, this.stack, this.configFile);
    const file = this.label(manifestPath);
    const text = readFileSync(manifestPath, "utf8");
    const before = releaseView(this.load(text, file));
    checkEditAllowed(before, edit);
    const next = editReleaseText(text, edit, file);
    let after: ReleaseView;
    try {
      after = releaseView(this.load(next, file));
    } catch (error) {
      if (!(error instanceof SwiftDeployError)) throw error;
      throw new SwiftDeployError(
        error.code,
        `the change would make ${file} invalid, so it was not written`,
        error.details.length > 0 ? error.details : [error.message],
      );
    }
    const expected = expectedRelease(before, edit);
    if (!sameRelease(after, expected)) {
      throw new SwiftDeployError(
        ErrorCode.ConfigInvalid,
        `${file} was not changed: with the stack's overrides the release would be ${describeRelease(after)}, not ${describeRelease(expected)}`,
        [
          `remove release.canary.weight from swiftdeploy:overrides in ${path.basename(this.configFile)} so the manifest decides the weight`,
        ],
      );
    }
    if (next !== text) writeFileAtomic(manifestPath, next);
    return { before, after };
  }

  private label(manifestPath: string): string {
    const relative = path.relative(this.projectDir, manifestPath);
    return relative === "" || relative.startsWith("..") ? manifestPath : relative;
  }
}
