import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { applyOverrides, loadManifest, type Manifest, type OverrideValue } from "../core/manifest";

/** Where a stack's manifest is, and the overrides its Pulumi.<stack>.yaml applies. */
export interface StackManifestSource {
  readonly manifestPath: string;
  readonly overrides: Readonly<Record<string, OverrideValue>>;
}

/** Reads `swiftdeploy:manifest` and `swiftdeploy:overrides` from Pulumi.<stack>.yaml (plain values only). */
export function stackManifestSource(projectDir: string, stack: string): StackManifestSource {
  const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
  const config = existsSync(file)
    ? ((parseYaml(readFileSync(file, "utf8")) as { config?: Record<string, unknown> })?.config ??
      {})
    : {};
  const manifest =
    typeof config["swiftdeploy:manifest"] === "string"
      ? config["swiftdeploy:manifest"]
      : "manifest.yaml";
  const overrides = (config["swiftdeploy:overrides"] ?? {}) as Record<string, OverrideValue>;
  return { manifestPath: path.resolve(projectDir, manifest), overrides };
}

/** The manifest as the stack sees it: loaded, validated, with the stack's overrides applied. */
export function loadStackManifest(projectDir: string, stack: string): Manifest {
  const source = stackManifestSource(projectDir, stack);
  return applyOverrides(
    loadManifest(source.manifestPath),
    source.overrides,
    `Pulumi.${stack}.yaml swiftdeploy:overrides`,
  );
}
