import type { PolicyResource } from "@pulumi/policy";
import { DETECTOR_INSTALL_MARKER, ROLE_LABEL, Role } from "../../core/roles";
import { stackPolicy } from "./lib/define-policy";
import { roleOf } from "./lib/labels";
import { GuardrailPolicy } from "../../core/manifest/guardrails-schema";
import type { ContainerProps, NetworkProps } from "./lib/resource-types";
import { ResourceType } from "./lib/resource-types";
import type { Unknown } from "./lib/unknowns";
import { UNKNOWN, known } from "./lib/unknowns";

/**
 * These stack policies describe the Docker target's shape (containers, networks, the detector's
 * install command); a Kubernetes stack has none of those resources and is judged by the k8s-* policies.
 */
function isDockerStack(resources: readonly PolicyResource[]): boolean {
  return resources.some((r) => r.type.startsWith("docker:") || r.type.startsWith("command:"));
}

/** Each container with its role, UNKNOWN where the labels are not known yet. */
function containersByRole(resources: readonly PolicyResource[]) {
  return resources
    .filter((resource) => resource.type === ResourceType.Container)
    .map((resource) => ({
      resource,
      props: resource.props as ContainerProps,
      role: known(() => roleOf(resource.props as ContainerProps)) as string | undefined | Unknown,
    }));
}

/** The stack's public entry must exist: without it nothing is reachable, or something else is. */
export const proxyDeclared = stackPolicy({
  name: GuardrailPolicy.ProxyDeclared,
  description: `The stack declares a proxy container (label ${ROLE_LABEL}=${Role.Proxy}).`,
  check: ({ resources }, _config, report) => {
    if (!isDockerStack(resources)) return;
    const roles = containersByRole(resources).map((container) => container.role);
    if (!roles.includes(Role.Proxy) && !roles.includes(UNKNOWN)) {
      report(
        `The stack must declare a proxy container labelled ${ROLE_LABEL}=${Role.Proxy}: it is the only public entry. Add the Nginx component (or label the container that publishes the port).`,
      );
    }
  },
});

/** OPA decides deploys and promotions: nobody outside the private network may ask or probe it. */
export const opaPrivateOnly = stackPolicy({
  name: GuardrailPolicy.OpaPrivateOnly,
  description: `The OPA container (label ${ROLE_LABEL}=${Role.Opa}) exists, publishes no ports and is attached only to networks the stack declares.`,
  check: ({ resources }, _config, report) => {
    if (!isDockerStack(resources)) return;
    const containers = containersByRole(resources);
    const opas = containers.filter((container) => container.role === Role.Opa);
    if (opas.length === 0 && !containers.some((container) => container.role === UNKNOWN)) {
      report(
        `The stack must declare an OPA container labelled ${ROLE_LABEL}=${Role.Opa} on its private network: the deploy and promotion gates ask it.`,
      );
    }
    const declared = resources
      .filter((resource) => resource.type === ResourceType.Network)
      .map((resource) => known(() => (resource.props as NetworkProps).name));
    for (const { resource, props } of opas) {
      const who = `OPA container "${resource.name}"`;
      const publishes = known(
        () => (props.ports ?? []).length > 0 || props.publishAllPorts === true,
      );
      if (publishes === true) {
        report(
          `${who} must not publish ports: remove \`ports\`; the stack reaches OPA by name on the private network.`,
          resource.urn,
        );
      }
      if (known(() => props.networkMode) === "host") {
        report(
          `${who} must not use networkMode "host": attach it to the stack's private network.`,
          resource.urn,
        );
      }
      const attached = known(() =>
        (props.networksAdvanced ?? []).map((network) => known(() => network.name)),
      );
      if (attached === UNKNOWN) continue;
      if (attached.length === 0) {
        report(
          `${who} must be attached to the stack's private network: set \`networksAdvanced: [{ name: network.name }]\`.`,
          resource.urn,
        );
      }
      for (const name of attached) {
        if (name === UNKNOWN || declared.includes(UNKNOWN) || declared.includes(name)) continue;
        report(
          `${who} must be attached only to networks this stack declares: "${name}" is not one of them.`,
          resource.urn,
        );
      }
    }
  },
});

/** The DDoS detector is part of the product: a stack without it is not self-defending. */
export const detectorDeclared = stackPolicy({
  name: GuardrailPolicy.DetectorDeclared,
  description: `The stack installs the detector: a ${ResourceType.RemoteCommand} whose resource name contains "${DETECTOR_INSTALL_MARKER}".`,
  check: ({ resources }, _config, report) => {
    if (!isDockerStack(resources)) return;
    const installs = resources.filter(
      (resource) =>
        resource.type === ResourceType.RemoteCommand &&
        resource.name.includes(DETECTOR_INSTALL_MARKER),
    );
    if (installs.length === 0) {
      report(
        `The stack must declare the DDoS detector: a ${ResourceType.RemoteCommand} whose resource name contains "${DETECTOR_INSTALL_MARKER}" (the detector component creates it).`,
      );
    }
  },
});
