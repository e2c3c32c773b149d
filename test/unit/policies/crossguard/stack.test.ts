import { describe, expect, it } from "vitest";
import { ROLE_LABEL, Role } from "../../../../core/roles";
import { ResourceType } from "../../../../policies/crossguard/lib/resource-types";
import {
  detectorDeclared,
  opaPrivateOnly,
  proxyDeclared,
} from "../../../../policies/crossguard/stack";
import type { TestResource } from "../kit";
import { Unknown, changed, compliantContainer, compliantStack, stackViolations } from "../kit";

const OPA_URN = "urn:pulumi:test::swiftdeploy::docker:index/container:Container::swiftdeploy-opa";

/** The compliant stack with the resource named `name` replaced (or removed with undefined). */
function stackWith(name: string, replacement?: Partial<TestResource>): TestResource[] {
  return compliantStack().flatMap((resource) =>
    resource.name !== name
      ? [resource]
      : replacement === undefined
        ? []
        : [{ ...resource, ...replacement }],
  );
}

const opaWith = (field: string, value: unknown) =>
  stackWith("swiftdeploy-opa", { props: changed(compliantContainer(Role.Opa), field, value) });

describe("proxy-declared", () => {
  it("flags a stack without a proxy container", async () => {
    expect(await stackViolations(proxyDeclared, stackWith("swiftdeploy-proxy"))).toEqual([
      {
        message: `The stack must declare a proxy container labelled ${ROLE_LABEL}=proxy: it is the only public entry. Add the Nginx component (or label the container that publishes the port).`,
      },
    ]);
  });

  it("stays quiet while some container's labels are unknown", async () => {
    const stack = stackWith("swiftdeploy-proxy", {
      props: changed(compliantContainer(Role.Proxy), "labels", Unknown.array),
    });
    expect(await stackViolations(proxyDeclared, stack)).toEqual([]);
  });
});

describe("opa-private-only", () => {
  it("flags OPA publishing a port, pointing at the OPA container", async () => {
    expect(
      await stackViolations(opaPrivateOnly, opaWith("ports", [{ internal: 8181, external: 8181 }])),
    ).toEqual([
      {
        message:
          'OPA container "swiftdeploy-opa" must not publish ports: remove `ports`; the stack reaches OPA by name on the private network.',
        urn: OPA_URN,
      },
    ]);
  });

  it("flags OPA on the host network", async () => {
    expect(await stackViolations(opaPrivateOnly, opaWith("networkMode", "host"))).toEqual([
      {
        message:
          'OPA container "swiftdeploy-opa" must not use networkMode "host": attach it to the stack\'s private network.',
        urn: OPA_URN,
      },
    ]);
  });

  it("flags OPA attached to no network", async () => {
    expect(await stackViolations(opaPrivateOnly, opaWith("networksAdvanced", undefined))).toEqual([
      {
        message:
          'OPA container "swiftdeploy-opa" must be attached to the stack\'s private network: set `networksAdvanced: [{ name: network.name }]`.',
        urn: OPA_URN,
      },
    ]);
  });

  it("flags OPA attached to a network the stack does not declare", async () => {
    const stack = opaWith("networksAdvanced", [
      { name: "swiftdeploy-net" },
      { name: "shared-public" },
    ]);
    expect(await stackViolations(opaPrivateOnly, stack)).toEqual([
      {
        message:
          'OPA container "swiftdeploy-opa" must be attached only to networks this stack declares: "shared-public" is not one of them.',
        urn: OPA_URN,
      },
    ]);
  });

  it("flags a stack without OPA", async () => {
    expect(await stackViolations(opaPrivateOnly, stackWith("swiftdeploy-opa"))).toEqual([
      {
        message: `The stack must declare an OPA container labelled ${ROLE_LABEL}=opa on its private network: the deploy and promotion gates ask it.`,
      },
    ]);
  });

  it("stays quiet while the network name is unknown at preview", async () => {
    const stack = opaWith("networksAdvanced", [{ name: Unknown.string }]);
    expect(await stackViolations(opaPrivateOnly, stack)).toEqual([]);
  });

  it("stays quiet about attachment while a declared network's name is unknown", async () => {
    const stack = stackWith("swiftdeploy-net", { props: { name: Unknown.string } });
    expect(await stackViolations(opaPrivateOnly, stack)).toEqual([]);
  });
});

describe("detector-declared", () => {
  it("flags a stack without the detector install command", async () => {
    expect(
      await stackViolations(detectorDeclared, stackWith("swiftdeploy-detector-install")),
    ).toEqual([
      {
        message: `The stack must declare the DDoS detector: a ${ResourceType.RemoteCommand} whose resource name contains "detector-install" (the detector component creates it).`,
      },
    ]);
  });

  it("does not count a local command or another remote command", async () => {
    const stack = [
      ...stackWith("swiftdeploy-detector-install"),
      { type: ResourceType.LocalCommand, name: "detector-install", props: { create: "x" } },
      { type: ResourceType.RemoteCommand, name: "swiftdeploy-nginx-logs", props: { create: "x" } },
    ];
    expect(await stackViolations(detectorDeclared, stack)).toHaveLength(1);
  });
});
