import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { ErrorCode, SwiftDeployError } from "../core/errors";
import {
  applyOverrides,
  loadManifestWithWarnings,
  type Manifest,
  type ManifestWarning,
  type NestedOverrides,
} from "../core/manifest";

/** Where a stack's manifest is, and the overrides its Pulumi.<stack>.yaml applies. */
export interface StackManifestSource {
  readonly manifestPath: string;
  readonly overrides: NestedOverrides;
  /** How errors name the overrides ("Pulumi.dev.yaml swiftdeploy:overrides"). */
  readonly overridesLabel: string;
}

/** The plain (not secret) `config:` values of a stack config file; {} when the file is absent. */
export function stackConfigValues(configFile: string): Record<string, unknown> {
  if (!existsSync(configFile)) return {};
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(configFile, "utf8"));
  } catch (error) {
    throw new SwiftDeployError(ErrorCode.ConfigInvalid, `${configFile} is not valid YAML`, [
      (error as Error).message,
    ]);
  }
  const config = (parsed as { config?: unknown } | null)?.config;
  return config !== null && typeof config === "object" ? (config as Record<string, unknown>) : {};
}

/** Reads `swiftdeploy:manifest` and `swiftdeploy:overrides` from the stack's config file. */
export function stackManifestSource(
  projectDir: string,
  stack: string,
  configFile = path.join(projectDir, `Pulumi.${stack}.yaml`),
): StackManifestSource {
  const config = stackConfigValues(configFile);
  const manifest =
    typeof config["swiftdeploy:manifest"] === "string"
      ? config["swiftdeploy:manifest"]
      : "manifest.yaml";
  const overrides = (config["swiftdeploy:overrides"] ?? {}) as NestedOverrides;
  return {
    manifestPath: path.resolve(projectDir, manifest),
    overrides,
    overridesLabel: `${path.basename(configFile)} swiftdeploy:overrides`,
  };
}

/** The manifest as the stack sees it: loaded, validated, with the stack's overrides applied. */
export function loadStackManifest(
  projectDir: string,
  stack: string,
  configFile?: string,
): Manifest {
  return loadStackManifestWithWarnings(projectDir, stack, configFile).manifest;
}

/** `loadStackManifest`, with the legacy form's warnings. */
export function loadStackManifestWithWarnings(
  projectDir: string,
  stack: string,
  configFile?: string,
): { manifest: Manifest; warnings: readonly ManifestWarning[] } {
  const source = stackManifestSource(projectDir, stack, configFile);
  const parsed = loadManifestWithWarnings(source.manifestPath);
  const relative = path.relative(projectDir, source.manifestPath);
  const file = relative.startsWith("..") ? source.manifestPath : relative;
  return {
    manifest: applyOverrides(parsed.manifest, source.overrides, source.overridesLabel),
    warnings: parsed.warnings.map((warning) => ({ ...warning, file })),
  };
}
