/**
 * The pack's policy names: the keys of `--policy-pack-config` and of the manifest's
 * `policy.guardrails.levels` (core/manifest GuardrailPolicy lists the same names).
 */
export const PolicyName = {
  OnlyProxyPublishesPorts: "only-proxy-publishes-ports",
  NoHostNetwork: "no-host-network",
  NoPrivilegedContainers: "no-privileged-containers",
  NoAddedCapabilities: "no-added-capabilities",
  NoDockerSocketMount: "no-docker-socket-mount",
  ContainerResourceLimits: "container-resource-limits",
  ContainerHealthcheck: "container-healthcheck",
  ContainerRestartPolicy: "container-restart-policy",
  ContainerNonRoot: "container-non-root",
  ContainerReadOnlyRootfs: "container-read-only-rootfs",
  ImagesPinned: "images-pinned",
  NoPlaintextSecrets: "no-plaintext-secrets",
  ProxyDeclared: "proxy-declared",
  OpaPrivateOnly: "opa-private-only",
  DetectorDeclared: "detector-declared",
  FirewallCommandsHaveDelete: "firewall-commands-have-delete",
} as const;
export type PolicyName = (typeof PolicyName)[keyof typeof PolicyName];
