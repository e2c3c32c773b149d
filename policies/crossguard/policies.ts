import type { Policies } from "@pulumi/policy";
import {
  containerHealthcheck,
  containerNonRoot,
  containerProcessLimit,
  containerReadOnlyRootfs,
  containerResourceLimits,
  containerRestartPolicy,
} from "./container-basics";
import { noHostNetwork, onlyProxyPublishesPorts } from "./exposure";
import { firewallCommandsHaveDelete } from "./firewall-commands";
import { imagesPinned } from "./images";
import {
  containerDropsAllCapabilities,
  containerNoNewPrivileges,
  noAddedCapabilities,
  noDockerSocketMount,
  noPrivilegedContainers,
} from "./privileges";
import { noPlaintextSecrets } from "./secrets";
import { detectorDeclared, opaPrivateOnly, proxyDeclared } from "./stack";

/** Every policy of the pack, in the order `pulumi preview` reports them. */
export const swiftdeployPolicies: Policies = [
  onlyProxyPublishesPorts,
  noHostNetwork,
  noPrivilegedContainers,
  noAddedCapabilities,
  containerDropsAllCapabilities,
  containerNoNewPrivileges,
  noDockerSocketMount,
  containerResourceLimits,
  containerProcessLimit,
  containerHealthcheck,
  containerRestartPolicy,
  containerNonRoot,
  containerReadOnlyRootfs,
  imagesPinned,
  noPlaintextSecrets,
  proxyDeclared,
  opaPrivateOnly,
  detectorDeclared,
  firewallCommandsHaveDelete,
];
