import { z } from "zod";
import { ManifestSchema } from "./manifest-schema";

/** Path of the committed schema, relative to the repository root (`npm run schema` writes it). */
export const MANIFEST_SCHEMA_PATH = "core/manifest/manifest.schema.json";

/**
 * The v1 manifest as JSON Schema (draft 2020-12), describing what a user may write. Editors pick
 * it up from `# yaml-language-server: $schema=./core/manifest/manifest.schema.json`.
 */
export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ManifestSchema, { io: "input", target: "draft-2020-12" });
  return { ...schema, title: "SwiftDeploy manifest (swiftdeploy/v1)" };
}
