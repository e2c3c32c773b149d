import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { swiftdeployPolicies } from "../../../../policies/crossguard/policies";
import { kubernetesStackResources } from "../../../kit/stack/kubernetes-stack-under-test";
import { manifestWith } from "../../../kit/manifest";
import { stackViolations, violations } from "../kit";

const resourcePolicies = swiftdeployPolicies.filter(
  (p): p is ResourceValidationPolicy => "validateResource" in p,
);

describe("the Kubernetes stack under the pack", () => {
  it("passes every resource policy as the components create it", async () => {
    const manifest = manifestWith({
      release: { stable: { version: "1.0.0" }, canary: { version: "1.1.0", weight: 10 } },
    });
    const resources = await kubernetesStackResources(manifest, {
      webhookUrl: "https://hooks.example.test/abc",
    });
    const found: string[] = [];
    for (const resource of resources.filter((r) => r.type.startsWith("kubernetes:"))) {
      for (const policy of resourcePolicies) {
        const secretPaths = [...resource.secretInputs].map((key) => [key]);
        found.push(
          ...(await violations(policy, {
            type: resource.type,
            name: resource.name,
            props: resource.inputs,
            secretPaths,
          })),
        );
      }
    }
    expect(found).toEqual([]);
    expect(resources.filter((r) => r.type === "kubernetes:apps/v1:DaemonSet")).toHaveLength(2);
  });
});

describe("the Docker stack policies on a Kubernetes stack", () => {
  it("stay quiet: a stack without Docker resources is judged by the k8s-* policies", async () => {
    const { detectorDeclared, opaPrivateOnly, proxyDeclared } = await import(
      "../../../../policies/crossguard/stack"
    );
    const resources = [{ type: "kubernetes:apps/v1:DaemonSet", name: "detector", props: {} }];
    for (const policy of [detectorDeclared, opaPrivateOnly, proxyDeclared]) {
      expect(await stackViolations(policy, resources)).toEqual([]);
    }
  });
});
