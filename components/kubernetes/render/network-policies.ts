import type * as k8s from "@pulumi/kubernetes";
import type { Manifest } from "../../../core/manifest";
import { ROLE_LABEL, Role } from "../../../core/roles";
import { PROXY_LISTEN_PORT } from "../../naming";
import { stackLabels } from "./names";

/** One NetworkPolicy's name and spec. */
export interface NetworkPolicyObject {
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Record<string, string>;
  };
  readonly spec: k8s.types.input.networking.v1.NetworkPolicySpec;
}

/**
 * Ingress rules of the application's namespace, what the private network and the edge network do
 * on Docker: nothing gets in unless allowed; anyone reaches Nginx on its port; only Nginx reaches
 * the API; nothing reaches OPA over the network (the gate comes through the API server's
 * port-forward, which enters the pod on loopback, where OPA listens). Egress is not restricted.
 * Enforced only by a CNI that implements NetworkPolicy (see docs/kubernetes.md).
 */
export function renderNetworkPolicies(
  manifest: Manifest,
  namespace: string,
): NetworkPolicyObject[] {
  const labels = stackLabels(manifest);
  const meta = (name: string) => ({ name, namespace, labels });
  const role = (value: Role) => ({ matchLabels: { [ROLE_LABEL]: value } });
  return [
    {
      metadata: meta("default-deny-ingress"),
      spec: { podSelector: {}, policyTypes: ["Ingress"] },
    },
    {
      metadata: meta("proxy-from-anywhere"),
      spec: {
        podSelector: role(Role.Proxy),
        policyTypes: ["Ingress"],
        ingress: [{ ports: [{ port: PROXY_LISTEN_PORT, protocol: "TCP" }] }],
      },
    },
    {
      metadata: meta("api-from-proxy-only"),
      spec: {
        podSelector: {
          matchExpressions: [
            { key: ROLE_LABEL, operator: "In", values: [Role.ApiStable, Role.ApiCanary] },
          ],
        },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [{ podSelector: role(Role.Proxy) }],
            ports: [{ port: manifest.service.port, protocol: "TCP" }],
          },
        ],
      },
    },
    {
      metadata: meta("opa-no-network-ingress"),
      spec: { podSelector: role(Role.Opa), policyTypes: ["Ingress"], ingress: [] },
    },
  ];
}
