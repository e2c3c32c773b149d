import type { Unwrap } from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import { ROLE_LABEL, Role } from "../../core/roles";
import { GuardrailPolicy } from "../../core/manifest/guardrails-schema";
import { resourcePolicy } from "./lib/define-policy";
import { K8sType } from "./lib/kubernetes";

type ServiceProps = Partial<Unwrap<k8s.core.v1.ServiceArgs>>;

const PUBLIC_TYPES = new Set(["NodePort", "LoadBalancer"]);

/** Nginx is the only public entry: every other Service stays inside the cluster. */
export const k8sOnlyProxyPublicService = resourcePolicy<ServiceProps>({
  name: GuardrailPolicy.K8sOnlyProxyPublicService,
  description: `Only the proxy's Service (label ${ROLE_LABEL}=${Role.Proxy}) may be of type NodePort or LoadBalancer, or have externalIPs.`,
  types: [K8sType.Service],
  check: ({ name, props, report }) => {
    const role = props.metadata?.labels?.[ROLE_LABEL];
    if (role === Role.Proxy) return;
    const type = props.spec?.type ?? "ClusterIP";
    if (PUBLIC_TYPES.has(type)) {
      report(
        `Service "${name}" must not be of type ${type}: only the proxy's Service (label ${ROLE_LABEL}=${Role.Proxy}) is public. Use ClusterIP and reach it through Nginx.`,
      );
    }
    if ((props.spec?.externalIPs ?? []).length > 0) {
      report(`Service "${name}" must not set externalIPs: only the proxy's Service is public.`);
    }
  },
});
