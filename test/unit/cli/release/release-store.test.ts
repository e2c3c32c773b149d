import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  chmodSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../../../core/errors";
import { ManifestReleaseStore } from "../../../../cli/release/release-store";

const FIXTURE = path.resolve(__dirname, "../../../fixtures/cli/manifest-canary.yaml");

describe("ManifestReleaseStore", () => {
  let dir: string;
  let manifest: string;
  let config: string;
  const store = () => new ManifestReleaseStore(dir, "dev", config);
  const errorOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error as Error & { code?: string };
    }
    throw new Error("expected an error");
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "sd-release-store-"));
    manifest = path.join(dir, "manifest.yaml");
    config = path.join(dir, "Pulumi.dev.yaml");
    copyFileSync(FIXTURE, manifest);
    chmodSync(manifest, 0o640);
    writeFileSync(config, "config:\n  swiftdeploy:manifest: manifest.yaml\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a valid change atomically, keeping the file's mode and leaving no temp file", () => {
    const result = store().change({ kind: "promote", version: "1.1.0" });
    expect(result).toEqual({
      before: { stable: "1.0.0", canary: { version: "1.1.0", weight: 10 } },
      after: { stable: "1.1.0", canary: null },
    });
    expect(store().read().release).toEqual({ stable: { version: "1.1.0" } });
    expect(statSync(manifest).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(["Pulumi.dev.yaml", "manifest.yaml"]);
  });

  it("refuses a change that would make the manifest invalid, naming the field, and writes nothing", () => {
    const before = readFileSync(manifest, "utf8");
    const error = errorOf(() =>
      store().change({ kind: "start-canary", version: "1.1.0", weight: 150 }),
    );
    expect(error.code).toBe(ErrorCode.ManifestInvalid);
    expect(error.message).toContain(
      "the change would make manifest.yaml invalid, so it was not written",
    );
    expect(error.message).toContain(
      "\n  - manifest.yaml:26:13 release.canary.weight: expected a whole number from 0 to 100 (percent), found 150 (a number)",
    );
    expect(readFileSync(manifest, "utf8")).toBe(before);
  });

  it("refuses a second canary while one runs, saying to promote or roll back first", () => {
    const before = readFileSync(manifest, "utf8");
    const error = errorOf(() =>
      store().change({ kind: "start-canary", version: "1.2.0", weight: 10 }),
    );
    expect(error.code).toBe(ErrorCode.ReleaseState);
    expect(error.message).toContain("canary 1.1.0 is already running at 10 %");
    expect(error.message).toContain("swiftdeploy promote (or swiftdeploy rollback)");
    expect(readFileSync(manifest, "utf8")).toBe(before);
  });

  it("refuses to promote when there is no canary", () => {
    store().change({ kind: "remove-canary" });
    const error = errorOf(() => store().change({ kind: "promote", version: "1.1.0" }));
    expect(error.code).toBe(ErrorCode.ReleaseState);
    expect(error.message).toContain("there is no canary (the manifest runs stable 1.0.0)");
  });

  it("refuses a weight the stack's override would silently replace", () => {
    writeFileSync(
      config,
      "config:\n  swiftdeploy:manifest: manifest.yaml\n  swiftdeploy:overrides:\n    release.canary.weight: 5\n",
    );
    const before = readFileSync(manifest, "utf8");
    const error = errorOf(() =>
      store().change({ kind: "start-canary", version: "1.1.0", weight: 50 }),
    );
    expect(error.code).toBe(ErrorCode.ConfigInvalid);
    expect(error.message).toContain(
      "would be stable 1.0.0 + canary 1.1.0 at 5 %, not stable 1.0.0 + canary 1.1.0 at 50 %",
    );
    expect(error.message).toContain(
      "remove release.canary.weight from swiftdeploy:overrides in Pulumi.dev.yaml",
    );
    expect(readFileSync(manifest, "utf8")).toBe(before);
  });

  it("refuses to remove a canary whose weight the stack overrides (the override would point at nothing)", () => {
    writeFileSync(
      config,
      "config:\n  swiftdeploy:manifest: manifest.yaml\n  swiftdeploy:overrides:\n    release.canary.weight: 5\n",
    );
    const error = errorOf(() => store().change({ kind: "remove-canary" }));
    expect(error.code).toBe(ErrorCode.ConfigInvalid);
    expect(error.message).toContain(
      "the change would make manifest.yaml invalid, so it was not written",
    );
    expect(error.message).toContain("the manifest declares no release.canary");
  });
});
