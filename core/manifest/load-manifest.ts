import { readFileSync } from "node:fs";
import path from "node:path";
import { ErrorCode, SwiftDeployError } from "../errors";
import type { Manifest } from "./manifest-schema";
import type { ParsedManifest } from "./parse-manifest";
import { parseManifestWithWarnings } from "./parse-manifest";

/** Read and validate the manifest at `filePath`; errors name the file as given. */
export function loadManifest(filePath: string): Manifest {
  return loadManifestWithWarnings(filePath).manifest;
}

/** `loadManifest`, with the form and the warnings (what a user-facing caller must show). */
export function loadManifestWithWarnings(filePath: string): ParsedManifest {
  let text: string;
  try {
    text = readFileSync(filePath, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR") {
      throw new SwiftDeployError(
        ErrorCode.ManifestNotFound,
        `manifest not found at ${path.resolve(filePath)}: create it (reference: docs/manifest.md) or point swiftdeploy:manifest in Pulumi.<stack>.yaml at it`,
      );
    }
    throw error;
  }
  return parseManifestWithWarnings(text, filePath);
}
