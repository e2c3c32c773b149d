import { describe, expect, it } from "vitest";
import {
  imagesPinned,
  unpinnedBecause,
  withDefaultTag,
} from "../../../../policies/crossguard/images";
import { ResourceType } from "../../../../policies/crossguard/lib/resource-types";
import { PINNED_IMAGE, Unknown, changed, compliantContainer, violations } from "../kit";

const DIGEST = `sha256:${"0f".repeat(32)}`;
const HOW =
  "use the built image's `repoDigest` (docker.Image, built locally), a RemoteImage pinned by digest (name@sha256:…), or list the tag in allowedLocalTags.";

describe("images-pinned on containers", () => {
  it.each([
    ["nginx:latest", "the floating tag latest"],
    ["nginx", "the floating tag latest"],
    ["registry:5000/team/api", "the floating tag latest"],
    ["local/debian:bookworm", "a mutable tag"],
  ])("flags %s (%s)", async (image, why) => {
    expect(
      await violations(imagesPinned, { props: changed(compliantContainer(), "image", image) }),
    ).toEqual([
      `container "api" (role api-stable) must use a pinned image, not "${image}" (${why}): ${HOW}`,
    ]);
  });

  it.each([
    ["a local image id (docker.Image repoDigest)", PINNED_IMAGE],
    ["a digest reference", `nginx@${DIGEST}`],
    ["a tag and a digest", `nginx:1.27@${DIGEST}`],
  ])("accepts %s", async (_, image) => {
    expect(
      await violations(imagesPinned, { props: changed(compliantContainer(), "image", image) }),
    ).toEqual([]);
  });

  it("accepts a tag listed in allowedLocalTags, with latest implied", async () => {
    const config = { allowedLocalTags: ["local/debian:bookworm", "swift-deploy-1-node"] };
    for (const image of ["local/debian:bookworm", "swift-deploy-1-node:latest"]) {
      expect(
        await violations(
          imagesPinned,
          { props: changed(compliantContainer(), "image", image) },
          config,
        ),
      ).toEqual([]);
    }
  });

  it("stays quiet while the image is an unknown output of a build at preview", async () => {
    expect(
      await violations(imagesPinned, {
        props: changed(compliantContainer(), "image", Unknown.string),
      }),
    ).toEqual([]);
  });
});

describe("images-pinned on remote images", () => {
  it("flags a RemoteImage pulled by a floating tag", async () => {
    expect(
      await violations(imagesPinned, {
        type: ResourceType.RemoteImage,
        name: "nginx",
        props: { name: "nginx:latest" },
      }),
    ).toEqual([
      `remote image "nginx" must use a pinned image, not "nginx:latest" (the floating tag latest): ${HOW}`,
    ]);
  });

  it("accepts a RemoteImage pinned by digest", async () => {
    expect(
      await violations(imagesPinned, {
        type: ResourceType.RemoteImage,
        props: { name: `nginx@${DIGEST}` },
      }),
    ).toEqual([]);
  });

  it("leaves locally built images (docker.Image) alone", async () => {
    expect(
      await violations(imagesPinned, {
        type: ResourceType.Image,
        props: { imageName: "api:latest", build: { context: "." } },
      }),
    ).toEqual([]);
  });
});

describe("image references", () => {
  it.each([
    ["nginx", "nginx:latest"],
    ["host:5000/app", "host:5000/app:latest"],
    ["host:5000/app:1", "host:5000/app:1"],
    [`a@${DIGEST}`, `a@${DIGEST}`],
  ])("%s defaults to %s", (reference, expected) => {
    expect(withDefaultTag(reference)).toBe(expected);
  });

  it("does not take a short hex string for an image id", () => {
    expect(unpinnedBecause("sha256:abc", [])).toBe("a mutable tag");
  });
});
