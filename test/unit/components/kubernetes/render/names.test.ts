import { describe, expect, it } from "vitest";
import { contentName, namespaceNames } from "../../../../../components/kubernetes/render/names";
import { renderNamespace } from "../../../../../components/kubernetes/render/namespace";
import { manifestWith } from "../../../../kit/manifest";

describe("namespaceNames", () => {
  it("defaults to swiftdeploy-<service>, with the detector's beside it", () => {
    expect(namespaceNames(manifestWith({}))).toEqual({
      app: "swiftdeploy-api",
      detector: "swiftdeploy-api-detector",
    });
    expect(namespaceNames(manifestWith({}), "shop").app).toBe("shop");
  });
});

describe("contentName", () => {
  it("depends on the content, not on key order", () => {
    expect(contentName("x", { a: "1", b: "2" })).toBe(contentName("x", { b: "2", a: "1" }));
    expect(contentName("x", { a: "1" })).not.toBe(contentName("x", { a: "2" }));
    expect(contentName("x", { a: "1b" })).not.toBe(contentName("x", { a1: "b" }));
  });
});

describe("renderNamespace", () => {
  it("enforces the given Pod Security level and warns at restricted", () => {
    expect(renderNamespace(manifestWith({}), "ns", "restricted").metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
    });
  });
});
