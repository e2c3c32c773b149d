import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ErrorCode, SwiftDeployError } from "../core/errors";
import type { ApiBuildSource } from "./api-image";
import type { DetectorArtifacts } from "./detector-host";

/** sha256 of a file's content. */
export function fileHash(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/**
 * Bundles the API and the detector with the project's build script, so an image or a host always
 * gets the code of this checkout (esbuild: well under a second).
 */
export function buildBundles(projectDir: string): void {
  try {
    execFileSync(
      process.execPath,
      [path.join(projectDir, "scripts/build.mjs"), "api", "detector"],
      {
        cwd: projectDir,
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new SwiftDeployError(ErrorCode.Internal, "bundling the API and the detector failed", [
      stderr.trim(),
      "run `npm run build` to see the full error",
    ]);
  }
}

/** The API image's build context (the bundle) and its Dockerfile. */
export function apiBuildSource(projectDir: string, sourceDir: string): ApiBuildSource {
  return {
    context: path.join(projectDir, "dist/api"),
    dockerfile: path.join(projectDir, sourceDir, "Dockerfile"),
  };
}

/** The detector bundle and the Node.js runtime the host gets. */
export function detectorArtifacts(projectDir: string, nodeBinary: string): DetectorArtifacts {
  const bundle = path.join(projectDir, "dist/detector/swiftdeploy-detector.js");
  if (!existsSync(nodeBinary)) {
    throw new SwiftDeployError(ErrorCode.ToolMissing, `no Node.js binary at ${nodeBinary}`, [
      "run `npm run setup` (it caches one), or set swiftdeploy:hostNodeBinary to a Node.js 20+ binary for the host",
    ]);
  }
  const nodeVersion = execFileSync(nodeBinary, ["--version"]).toString().trim();
  return { bundle, bundleHash: fileHash(bundle), nodeBinary, nodeVersion };
}

/** The runtime Rego modules (tests left out), by file name. */
export function runtimePolicies(policyDir: string): Record<string, string> {
  const files = readdirSync(policyDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".rego") && !f.endsWith("_test.rego"))
    .sort();
  return Object.fromEntries(
    files.map((f) => [f.replace(/\//g, "__"), readFileSync(path.join(policyDir, f), "utf8")]),
  );
}
