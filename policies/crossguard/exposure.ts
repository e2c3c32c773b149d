import { ROLE_LABEL, Role } from "../../core/roles";
import { resourcePolicy } from "./lib/define-policy";
import { describeContainer, roleOf } from "./lib/labels";
import { GuardrailPolicy } from "../../core/manifest/guardrails-schema";
import type { ContainerProps } from "./lib/resource-types";
import { ResourceType } from "./lib/resource-types";

/** Only the proxy (Nginx) is a public entry: every other container stays on the private network. */
export const onlyProxyPublishesPorts = resourcePolicy<ContainerProps>({
  name: GuardrailPolicy.OnlyProxyPublishesPorts,
  description: `Only the proxy container (label ${ROLE_LABEL}=${Role.Proxy}) may publish ports.`,
  types: [ResourceType.Container],
  check: ({ name, props, report }) => {
    const publishes = (props.ports ?? []).length > 0 || props.publishAllPorts === true;
    if (publishes && roleOf(props) !== Role.Proxy) {
      report(
        `${describeContainer(name, props)} must not publish ports: only the proxy (label ${ROLE_LABEL}=${Role.Proxy}) may. Remove \`ports\`/\`publishAllPorts\` and reach it through the proxy on the private network.`,
      );
    }
  },
});

/** Host networking bypasses the private network and Docker's port filtering. */
export const noHostNetwork = resourcePolicy<ContainerProps>({
  name: GuardrailPolicy.NoHostNetwork,
  description: "Containers must not use the host's network namespace (networkMode host).",
  types: [ResourceType.Container],
  check: ({ name, props, report }) => {
    if (props.networkMode === "host") {
      report(
        `${describeContainer(name, props)} must not use networkMode "host": attach it to the stack's private network with \`networksAdvanced\`.`,
      );
    }
  },
});
