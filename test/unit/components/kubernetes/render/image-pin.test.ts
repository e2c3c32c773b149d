import { describe, expect, it } from "vitest";
import { pinnedImage, repositoryOf } from "../../../../../components/kubernetes/render/image-pin";

const ID = `sha256:${"1".repeat(64)}`;
const DIGEST = `sha256:${"2".repeat(64)}`;

describe("repositoryOf", () => {
  it.each([
    ["nginx:1.27", "nginx"],
    ["registry:5000/team/api:1.0", "registry:5000/team/api"],
    ["registry:5000/team/api", "registry:5000/team/api"],
    [`nginx@${DIGEST}`, "nginx"],
  ])("%s → %s", (reference, repository) => {
    expect(repositoryOf(reference)).toBe(repository);
  });
});

describe("pinnedImage", () => {
  it("keeps a reference that has a digest", () => {
    expect(pinnedImage(`nginx:1.27@${DIGEST}`, { id: ID, repoDigests: [] })).toBe(
      `nginx:1.27@${DIGEST}`,
    );
  });

  it("uses the repository digest of an image pulled from a registry", () => {
    expect(
      pinnedImage("nginx:1.27", { id: ID, repoDigests: [`other@${ID}`, `nginx@${DIGEST}`] }),
    ).toBe(`nginx@${DIGEST}`);
  });

  it("uses the image ID of a local build", () => {
    expect(pinnedImage("swiftdeploy/nginx:bookworm", { id: ID, repoDigests: [] })).toBe(ID);
  });

  it("leaves an image this machine does not have as it is", () => {
    expect(pinnedImage("swiftdeploy/opa:1.22.2", undefined)).toBe("swiftdeploy/opa:1.22.2");
  });
});
