import { describe, expect, it } from "vitest";
import { renderNetworkPolicies } from "../../../../../components/kubernetes/render/network-policies";
import { manifestWith } from "../../../../kit/manifest";

const policies = renderNetworkPolicies(manifestWith({}), "ns");
const byName = Object.fromEntries(policies.map((p) => [p.metadata.name, p.spec]));

describe("renderNetworkPolicies", () => {
  it("denies all ingress in the namespace by default", () => {
    expect(byName["default-deny-ingress"]).toEqual({ podSelector: {}, policyTypes: ["Ingress"] });
  });

  it("lets anyone reach Nginx, on its port only", () => {
    expect(byName["proxy-from-anywhere"]).toEqual({
      podSelector: { matchLabels: { "dev.swiftdeploy.role": "proxy" } },
      policyTypes: ["Ingress"],
      ingress: [{ ports: [{ port: 8080, protocol: "TCP" }] }],
    });
  });

  it("lets only Nginx reach the API tracks", () => {
    expect(byName["api-from-proxy-only"]).toEqual({
      podSelector: {
        matchExpressions: [
          { key: "dev.swiftdeploy.role", operator: "In", values: ["api-stable", "api-canary"] },
        ],
      },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { "dev.swiftdeploy.role": "proxy" } } }],
          ports: [{ port: 3000, protocol: "TCP" }],
        },
      ],
    });
  });

  it("lets nothing reach OPA over the network", () => {
    expect(byName["opa-no-network-ingress"]).toEqual({
      podSelector: { matchLabels: { "dev.swiftdeploy.role": "opa" } },
      policyTypes: ["Ingress"],
      ingress: [],
    });
  });

  it("puts every policy in the stack's namespace", () => {
    expect(new Set(policies.map((p) => p.metadata.namespace))).toEqual(new Set(["ns"]));
  });
});
