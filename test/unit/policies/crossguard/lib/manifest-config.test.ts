import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { manifestPolicyConfig } from "../../../../../policies/crossguard/lib/manifest-config";

const ROOT = path.resolve(__dirname, "../../../../..");
const info = (config: Record<string, string> = {}, project = "swiftdeploy") => ({
  project,
  stack: "prod",
  dryRun: true,
  config,
});

describe("the pack's config from the stack's manifest", () => {
  const other = mkdtempSync(path.join(tmpdir(), "sd-pack-"));
  writeFileSync(path.join(other, "Pulumi.yaml"), "name: policy-pack-compliant\nruntime: nodejs\n");
  afterAll(() => rmSync(other, { recursive: true, force: true }));

  it("renders what swiftdeploy init renders, from the project's manifest.yaml", () => {
    const found = manifestPolicyConfig(info(), [undefined, other, ROOT]);
    expect(found?.projectDir).toBe(ROOT);
    expect(found?.config["images-pinned"]).toEqual({
      enforcementLevel: "mandatory",
      allowedLocalTags: ["swiftdeploy/nginx:bookworm", "swiftdeploy/opa:1.22.2"],
    });
    expect(found?.config.all).toBe("mandatory");
  });

  it("keeps the schema defaults for a program that is not this project", () => {
    expect(
      manifestPolicyConfig(info({}, "policy-pack-compliant-x"), [other, ROOT]),
    ).toBeUndefined();
  });

  it("names a broken override instead of guessing", () => {
    expect(() =>
      manifestPolicyConfig(info({ "swiftdeploy:overrides": '{"host":{"usr":"x"}}' }), [ROOT]),
    ).toThrow(/Pulumi\.prod\.yaml swiftdeploy:overrides is invalid[\s\S]*"host\.usr"/);
  });

  it("follows swiftdeploy:manifest", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sd-pack-project-"));
    writeFileSync(path.join(dir, "Pulumi.yaml"), "name: swiftdeploy\nruntime: nodejs\n");
    const text = readFileSync(path.join(ROOT, "manifest.yaml"), "utf8");
    writeFileSync(
      path.join(dir, "m.yaml"),
      text.replace("enforcement: mandatory", "enforcement: advisory"),
    );
    try {
      const found = manifestPolicyConfig(info({ "swiftdeploy:manifest": "m.yaml" }), [dir]);
      expect(found?.config.all).toBe("advisory");
      expect(found?.config["images-pinned"]?.enforcementLevel).toBe("advisory");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
