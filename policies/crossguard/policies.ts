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
import { k8sImagesPinned, k8sResourceLimits } from "./kubernetes-basics";
import { k8sOnlyProxyPublicService } from "./kubernetes-exposure";
import {
  k8sHostPathLogsOnly,
  k8sNoAddedCapabilities,
  k8sNoHostNamespaces,
  k8sNoPrivilegedPods,
  k8sNoPrivilegeEscalation,
  k8sNonRoot,
} from "./kubernetes-privileges";
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
  k8sNoPrivilegedPods,
  k8sNoHostNamespaces,
  k8sHostPathLogsOnly,
  k8sNoAddedCapabilities,
  k8sNoPrivilegeEscalation,
  k8sNonRoot,
  k8sResourceLimits,
  k8sOnlyProxyPublicService,
  k8sImagesPinned,
];
