import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MANIFEST_SCHEMA_PATH, manifestJsonSchema } from "../../../../core/manifest";

const root = path.resolve(__dirname, "../../../..");

describe("the manifest's JSON Schema", () => {
  it("is committed up to date (run `npm run schema` after changing the zod schema)", () => {
    const committed: unknown = JSON.parse(
      readFileSync(path.join(root, MANIFEST_SCHEMA_PATH), "utf8"),
    );
    expect(committed).toEqual(manifestJsonSchema());
  });

  it("forbids unknown fields in every section, as the loader does", () => {
    const schema = manifestJsonSchema() as {
      additionalProperties?: boolean;
      properties: Record<string, { additionalProperties?: boolean }>;
    };
    expect(schema.additionalProperties).toBe(false);
    for (const [name, section] of Object.entries(schema.properties)) {
      if (name === "apiVersion") continue;
      expect(section.additionalProperties, name).toBe(false);
    }
  });

  it("requires only apiVersion, service and release at the top", () => {
    expect((manifestJsonSchema() as { required: string[] }).required).toEqual([
      "apiVersion",
      "service",
      "release",
    ]);
  });

  it("is referenced by the repository's manifest.yaml for editors", () => {
    const manifest = readFileSync(path.join(root, "manifest.yaml"), "utf8");
    expect(manifest.split("\n")[0]).toBe(
      `# yaml-language-server: $schema=./${MANIFEST_SCHEMA_PATH}`,
    );
  });
});
