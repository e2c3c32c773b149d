import { describe, expect, it } from "vitest";
import {
  k8sImagesPinned,
  k8sResourceLimits,
} from "../../../../policies/crossguard/kubernetes-basics";
import { k8sOnlyProxyPublicService } from "../../../../policies/crossguard/kubernetes-exposure";
import { violations } from "../kit";
import {
  compliantDeployment,
  compliantDetector,
  firstContainer,
  service,
  withChange,
} from "../kubernetes-kit";

describe("k8s-resource-limits", () => {
  it.each([
    ["the API", compliantDeployment],
    ["the detector", compliantDetector],
  ])("accepts %s as rendered", async (_, resource) => {
    expect(await violations(k8sResourceLimits, resource())).toEqual([]);
  });

  it("flags a container without limits, naming both", async () => {
    const unlimited = withChange(compliantDeployment(), (p) => {
      firstContainer(p).resources.limits = {};
    });
    expect(await violations(k8sResourceLimits, unlimited)).toEqual([
      'Deployment "api-stable" container "api" must have a memory limit: set `resources.limits.memory` (e.g. 256Mi), at most 2048Mi.',
      'Deployment "api-stable" container "api" must have a CPU limit: set `resources.limits.cpu` (e.g. 500m), at most 2.',
    ]);
  });

  it("flags limits above the manifest's maximums", async () => {
    const big = withChange(compliantDeployment(), (p) => {
      firstContainer(p).resources.limits = { memory: "2Gi", cpu: "1500m" };
    });
    expect(await violations(k8sResourceLimits, big, { maxMemoryMb: 1024, maxCpus: 1 })).toEqual([
      'Deployment "api-stable" container "api" must not have a memory limit above 1024Mi: it is 2Gi.',
      'Deployment "api-stable" container "api" must not have a CPU limit above 1 CPUs: it is 1500m.',
    ]);
  });
});

describe("k8s-images-pinned", () => {
  it("accepts an image ID and a digest reference", async () => {
    expect(await violations(k8sImagesPinned, compliantDeployment())).toEqual([]);
    const digest = withChange(compliantDeployment(), (p) => {
      firstContainer(p).image = `nginx@sha256:${"a".repeat(64)}`;
    });
    expect(await violations(k8sImagesPinned, digest)).toEqual([]);
  });

  it("flags a tag, unless the manifest allows it", async () => {
    const tagged = withChange(compliantDeployment(), (p) => {
      firstContainer(p).image = "swiftdeploy/nginx:bookworm";
    });
    expect(await violations(k8sImagesPinned, tagged)).toEqual([
      'Deployment "api-stable" container "api" must use a pinned image, not "swiftdeploy/nginx:bookworm" (a mutable tag): use name@sha256:… (a registry digest), the image ID sha256:… of an image imported into the nodes, or list the tag in allowedLocalTags.',
    ]);
    expect(
      await violations(k8sImagesPinned, tagged, {
        allowedLocalTags: ["swiftdeploy/nginx:bookworm"],
      }),
    ).toEqual([]);
  });
});

describe("k8s-only-proxy-public-service", () => {
  it.each(["NodePort", "LoadBalancer"])(
    "flags a %s Service that is not the proxy's",
    async (type) => {
      expect(await violations(k8sOnlyProxyPublicService, service(type))).toEqual([
        `Service "svc-api-stable" must not be of type ${type}: only the proxy's Service (label dev.swiftdeploy.role=proxy) is public. Use ClusterIP and reach it through Nginx.`,
      ]);
    },
  );

  it("accepts the proxy's NodePort and any ClusterIP Service", async () => {
    expect(await violations(k8sOnlyProxyPublicService, service("NodePort", "proxy"))).toEqual([]);
    expect(await violations(k8sOnlyProxyPublicService, service("ClusterIP"))).toEqual([]);
  });
});
