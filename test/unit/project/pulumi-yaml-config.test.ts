import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseStackConfig, StackConfigSchema } from "../../../core/stack-config";

const ROOT = path.resolve(__dirname, "../../..");
const yamlOf = (file: string) =>
  parse(readFileSync(path.join(ROOT, file), "utf8")) as { config: Record<string, unknown> };
const declared = yamlOf("Pulumi.yaml").config as Record<
  string,
  { type?: string; description?: string; default?: unknown }
>;

// The schema records whether a secret is set, never its value: the config keys are these.
const SECRET_FLAGS: Record<string, string> = {
  hasSshPrivateKey: "sshPrivateKey",
  hasKubeconfig: "kubeconfig",
};
const schemaKeys = Object.keys(StackConfigSchema.shape).map((key) => SECRET_FLAGS[key] ?? key);
const programKeys = [
  ...readFileSync(path.join(ROOT, "index.ts"), "utf8").matchAll(
    /(?:config\.get\w*|secretIfSet)\("(\w+)"\)/g,
  ),
].map((m) => m[1] ?? "");

const TYPES: Record<string, string> = {
  overrides: "object",
  nodePort: "integer",
  allowUnguarded: "boolean",
};

describe("Pulumi.yaml declares the stack config", () => {
  it("reads every key the program reads", () => {
    expect(programKeys.length).toBeGreaterThan(10);
    expect(new Set(programKeys)).toEqual(new Set(schemaKeys));
  });

  it.each(schemaKeys)(
    "declares swiftdeploy:%s with its type, a description and a default",
    (key) => {
      const entry = declared[`swiftdeploy:${key}`];
      expect(entry?.type).toBe(TYPES[key] ?? "string");
      expect(entry?.description?.length ?? 0).toBeGreaterThan(20);
      // Pulumi treats a declared key without a default as required.
      expect(entry?.default).not.toBeUndefined();
    },
  );

  it("declares nothing the program does not read", () => {
    const extra = Object.keys(declared)
      .filter((key) => key.startsWith("swiftdeploy:"))
      .map((key) => key.slice("swiftdeploy:".length))
      .filter((key) => !schemaKeys.includes(key));
    expect(extra).toEqual([]);
  });

  it("reads the declared defaults as not set: a stack with only a key file parses as before", () => {
    const defaults = Object.fromEntries(
      Object.entries(declared)
        .filter(([key]) => key.startsWith("swiftdeploy:"))
        .map(([key, entry]) => [key.slice("swiftdeploy:".length), entry.default])
        // The program passes whether a secret is set, not the secret.
        .filter(([key]) => !Object.values(SECRET_FLAGS).includes(key as string)),
    );
    const withDefaults = parseStackConfig(
      { ...defaults, hasSshPrivateKey: false, hasKubeconfig: false, sshPrivateKeyFile: "k" },
      "prod",
    );
    expect(withDefaults).toEqual(parseStackConfig({ sshPrivateKeyFile: "k" }, "prod"));
    expect(withDefaults.allowUnguarded).toBe(false);
    expect(withDefaults.nodePort).toBeUndefined();
  });

  it.each(["Pulumi.dev.yaml", "Pulumi.prod.yaml", "Pulumi.k8s.yaml"])(
    "%s sets only declared keys, with values of the declared types",
    (file) => {
      for (const [key, value] of Object.entries(yamlOf(file).config)) {
        const type = declared[key]?.type;
        expect(type, key).toBeDefined();
        const actual =
          typeof value === "object"
            ? "object"
            : typeof value === "number"
              ? "integer"
              : typeof value;
        expect(actual, key).toBe(type);
      }
    },
  );
});
