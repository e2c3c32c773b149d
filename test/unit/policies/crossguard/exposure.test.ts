import { describe, expect, it } from "vitest";
import { ROLE_LABEL, Role } from "../../../../core/roles";
import { noHostNetwork, onlyProxyPublishesPorts } from "../../../../policies/crossguard/exposure";
import { Unknown, changed, compliantContainer, violations } from "../kit";

describe("only-proxy-publishes-ports", () => {
  it.each([
    ["ports", [{ internal: 3000, external: 3000 }]],
    ["publishAllPorts", true],
  ])("flags an API container that sets %s", async (field, value) => {
    const messages = await violations(onlyProxyPublishesPorts, {
      name: "api-canary",
      props: changed(compliantContainer(Role.ApiCanary), field, value),
    });
    expect(messages).toEqual([
      `container "api-canary" (role api-canary) must not publish ports: only the proxy (label ${ROLE_LABEL}=proxy) may. Remove \`ports\`/\`publishAllPorts\` and reach it through the proxy on the private network.`,
    ]);
  });

  it("flags a publishing container without a role label", async () => {
    const props = changed(compliantContainer(Role.Proxy), "labels", []);
    expect(await violations(onlyProxyPublishesPorts, { name: "web", props })).toEqual([
      expect.stringContaining('container "web" must not publish ports'),
    ]);
  });

  it("lets the proxy publish its port", async () => {
    expect(
      await violations(onlyProxyPublishesPorts, { props: compliantContainer(Role.Proxy) }),
    ).toEqual([]);
  });

  it("accepts an empty ports list", async () => {
    expect(
      await violations(onlyProxyPublishesPorts, {
        props: changed(compliantContainer(), "ports", []),
      }),
    ).toEqual([]);
  });

  it("stays quiet while the labels are unknown at preview", async () => {
    const props = changed(changed(compliantContainer(Role.Opa), "labels", Unknown.array), "ports", [
      { internal: 1 },
    ]);
    expect(await violations(onlyProxyPublishesPorts, { props })).toEqual([]);
  });

  it("ignores resources that are not containers", async () => {
    const props = { ports: [{ internal: 1 }] };
    expect(
      await violations(onlyProxyPublishesPorts, { type: "docker:index/network:Network", props }),
    ).toEqual([]);
  });
});

describe("no-host-network", () => {
  it("flags networkMode host, saying what to use instead", async () => {
    expect(
      await violations(noHostNetwork, {
        props: changed(compliantContainer(), "networkMode", "host"),
      }),
    ).toEqual([
      'container "api" (role api-stable) must not use networkMode "host": attach it to the stack\'s private network with `networksAdvanced`.',
    ]);
  });

  it.each(["bridge", "swiftdeploy-net", undefined])("accepts networkMode %s", async (mode) => {
    expect(
      await violations(noHostNetwork, {
        props: changed(compliantContainer(), "networkMode", mode),
      }),
    ).toEqual([]);
  });
});
