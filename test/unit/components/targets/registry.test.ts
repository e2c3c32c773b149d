import { describe, expect, it } from "vitest";
import { DeployTarget } from "../../../../core/stack-config";
import { TARGETS } from "../../../../components/targets/registry";
import { resolveImages } from "../../../../components/targets/kubernetes-target";
import { manifestWith } from "../../../kit/manifest";

describe("TARGETS", () => {
  it("has a target for every swiftdeploy:target value and nothing else", () => {
    expect(Object.keys(TARGETS).sort()).toEqual(Object.values(DeployTarget).sort());
  });
});

describe("resolveImages", () => {
  const ID = `sha256:${"9".repeat(64)}`;
  const manifest = manifestWith({
    release: { stable: { version: "1.0.0" }, canary: { version: "1.1.0", weight: 5 } },
    images: { nginx: "swiftdeploy/nginx:bookworm", opa: "swiftdeploy/opa:1.22.2" },
  });

  it("pins what this machine has and names every image as the manifest does", () => {
    const local = new Set(["swiftdeploy/nginx:bookworm", "api:1.0.0", "api:1.1.0"]);
    const images = resolveImages(manifest, "swiftdeploy/detector:dev", (ref) =>
      local.has(ref) ? { id: ID, repoDigests: [] } : undefined,
    );
    expect(images).toEqual({
      nginx: { name: "swiftdeploy/nginx:bookworm", pinned: ID },
      opa: { name: "swiftdeploy/opa:1.22.2", pinned: "swiftdeploy/opa:1.22.2" },
      detector: { name: "swiftdeploy/detector:dev", pinned: "swiftdeploy/detector:dev" },
      api: {
        "1.0.0": { name: "api:1.0.0", pinned: ID },
        "1.1.0": { name: "api:1.1.0", pinned: ID },
      },
    });
  });
});
