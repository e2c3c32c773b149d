import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ErrorCode, SwiftDeployError } from "../../../../core/errors";
import type { ManifestInvalidError } from "../../../../core/manifest";
import { loadManifest } from "../../../../core/manifest";

const dir = mkdtempSync(path.join(tmpdir(), "swiftdeploy-manifest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadManifest", () => {
  it("loads the repository's own manifest.yaml", () => {
    const manifest = loadManifest(path.resolve(__dirname, "../../../../manifest.yaml"));
    expect(manifest.service.name).toBe("api");
    expect(manifest.release.canary).toEqual({ version: "1.1.0", weight: 10 });
  });

  it("reports a missing file with the not-found code and its absolute path", () => {
    const missing = path.join(dir, "nope.yaml");
    let caught: unknown;
    try {
      loadManifest(missing);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SwiftDeployError);
    expect((caught as SwiftDeployError).code).toBe(ErrorCode.ManifestNotFound);
    expect((caught as Error).message).toContain(`manifest not found at ${missing}`);
  });

  it("names the file as given in every problem", () => {
    const file = path.join(dir, "bad.yaml");
    writeFileSync(file, "apiVersion: swiftdeploy/v1\nservice: { name: api }\n");
    let caught: unknown;
    try {
      loadManifest(file);
    } catch (error) {
      caught = error;
    }
    expect((caught as ManifestInvalidError).details).toEqual([
      `${file}:1:1 release: expected a mapping (key: value lines), found nothing (the field is missing)`,
    ]);
  });
});
