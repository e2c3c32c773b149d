import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { Manifest, ManifestInput } from "../../core/manifest";
import {
  ManifestInvalidError,
  ManifestSchema,
  formatProblem,
  parseManifest,
} from "../../core/manifest";

/** test/fixtures/manifests */
export const MANIFEST_FIXTURES = path.resolve(__dirname, "../fixtures/manifests");

/** The smallest valid v1 manifest, as YAML. */
export const MINIMAL_YAML = `apiVersion: swiftdeploy/v1
service:
  name: api
release:
  stable:
    version: "1.0.0"
`;

/** A typed manifest: the minimal one with some sections replaced, every default applied. */
export function manifestWith(sections: Partial<ManifestInput> = {}): Manifest {
  return ManifestSchema.parse({
    apiVersion: "swiftdeploy/v1",
    service: { name: "api" },
    release: { stable: { version: "1.0.0" } },
    ...sections,
  });
}

/** The formatted problems `parseManifest` reports; fails the test if the text is accepted. */
export function problemsOf(text: string, fileName = "manifest.yaml"): string[] {
  try {
    parseManifest(text, fileName);
  } catch (error) {
    if (error instanceof ManifestInvalidError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error("expected the manifest to be rejected, but it was accepted");
}

/** [name, text] for every fixture in valid/ or invalid/. */
export function fixtures(kind: "valid" | "invalid"): [string, string][] {
  const dir = path.join(MANIFEST_FIXTURES, kind);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => [name, readFileSync(path.join(dir, name), "utf8")]);
}

/** A fixture's text by name. */
export function fixture(kind: "valid" | "invalid", name: string): string {
  return readFileSync(path.join(MANIFEST_FIXTURES, kind, name), "utf8");
}
