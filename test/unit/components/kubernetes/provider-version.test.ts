import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../../../..");

function pinned(name: string): string | undefined {
  const env = readFileSync(path.join(root, "scripts/versions.env"), "utf8");
  return new RegExp(`^${name}=(.+)$`, "m").exec(env)?.[1]?.trim();
}

describe("the Kubernetes provider", () => {
  it("is the version npm @pulumi/kubernetes asks the engine for", () => {
    const sdk = JSON.parse(
      readFileSync(path.join(root, "node_modules/@pulumi/kubernetes/package.json"), "utf8"),
    ) as { version: string };
    const declared = (
      JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      }
    ).dependencies["@pulumi/kubernetes"];
    expect(pinned("PULUMI_KUBERNETES_VERSION")).toBe(sdk.version);
    expect(declared).toBe(sdk.version);
  });
});
