import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import {
  applyOverrides,
  loadManifest,
  renderCrossGuardConfig,
  type CrossGuardConfig,
  type NestedOverrides,
} from "../../../core/manifest";
import type { StackInfo } from "./stack-configure";

/** The name in a folder's Pulumi.yaml, if it has one. */
function projectName(dir: string): string | undefined {
  const file = path.join(dir, "Pulumi.yaml");
  if (!existsSync(file)) return undefined;
  const name = (parseYaml(readFileSync(file, "utf8")) as { name?: unknown } | null)?.name;
  return typeof name === "string" ? name : undefined;
}

/**
 * The folder of the project the engine runs: the first candidate whose Pulumi.yaml names the
 * stack's project. Candidates: `SWIFTDEPLOY_PROJECT_DIR`, the working folder, and the project this
 * pack ships in (two folders up).
 */
export function findProjectDir(
  project: string,
  candidates: readonly (string | undefined)[],
): string | undefined {
  return candidates.find((dir) => dir !== undefined && projectName(dir) === project);
}

/** The stack's `swiftdeploy:overrides` as the engine sends it (JSON text), or {}. */
function overridesOf(info: StackInfo): NestedOverrides {
  const raw = info.config["swiftdeploy:overrides"];
  if (raw === undefined || raw === "") return {};
  return JSON.parse(raw) as NestedOverrides;
}

/**
 * The pack's config for this stack from its manifest and overrides, as `swiftdeploy init` renders
 * it; undefined when the project is not found (the pack judging another program keeps its
 * defaults). An invalid manifest or override throws, naming it.
 */
export function manifestPolicyConfig(
  info: StackInfo,
  candidates: readonly (string | undefined)[],
): { projectDir: string; config: CrossGuardConfig } | undefined {
  const projectDir = findProjectDir(info.project, candidates);
  if (projectDir === undefined) return undefined;
  const manifestPath = path.resolve(
    projectDir,
    info.config["swiftdeploy:manifest"] || "manifest.yaml",
  );
  const manifest = applyOverrides(
    loadManifest(manifestPath),
    overridesOf(info),
    `Pulumi.${info.stack}.yaml swiftdeploy:overrides`,
  );
  return { projectDir, config: renderCrossGuardConfig(manifest.policy.guardrails) };
}
