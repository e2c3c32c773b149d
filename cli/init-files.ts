import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderGeneratedFiles } from "../components/render/generated-files";
import type { ManifestWarning } from "../core/manifest";
import { loadStackManifestWithWarnings } from "./stack-manifest";

/** What `init` wrote. */
export interface InitResult {
  readonly dir: string;
  readonly files: readonly string[];
  /** What the legacy form's extra fields became (empty for the v1 form). */
  readonly warnings: readonly ManifestWarning[];
}

/** The policy pack's config among the generated files (`--policy-pack-config`). */
export const POLICY_PACK_CONFIG = "crossguard/policy-config.json";

/** The folder generated files go to (git-ignored). */
export function generatedDir(projectDir: string, stack: string): string {
  return path.join(projectDir, ".swiftdeploy", "generated", stack);
}

/**
 * Writes every file the stack derives from the manifest into .swiftdeploy/generated/<stack>/ for
 * review, replacing what was there, so deleting them and running init again regenerates them.
 */
export function initGeneratedFiles(
  projectDir: string,
  stack: string,
  configFile?: string,
): InitResult {
  const { manifest, warnings } = loadStackManifestWithWarnings(projectDir, stack, configFile);
  const files = renderGeneratedFiles(manifest);
  const dir = generatedDir(projectDir, stack);
  rmSync(dir, { recursive: true, force: true });
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return { dir, files: Object.keys(files).sort(), warnings };
}
