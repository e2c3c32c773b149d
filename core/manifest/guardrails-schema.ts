import { z } from "zod";
import { decimal, listOf, oneOf, text, wholeNumber } from "./fields";

/** The CrossGuard pack's policy names; the pack registers exactly these. */
export const GuardrailPolicy = {
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
  ContainerProcessLimit: "container-process-limit",
  ContainerDropsAllCapabilities: "container-drops-all-capabilities",
  ContainerNoNewPrivileges: "container-no-new-privileges",
  ImagesPinned: "images-pinned",
  NoPlaintextSecrets: "no-plaintext-secrets",
  ProxyDeclared: "proxy-declared",
  OpaPrivateOnly: "opa-private-only",
  DetectorDeclared: "detector-declared",
  FirewallCommandsHaveDelete: "firewall-commands-have-delete",
} as const;
export type GuardrailPolicy = (typeof GuardrailPolicy)[keyof typeof GuardrailPolicy];

/** CrossGuard enforcement levels. */
export const EnforcementLevel = {
  Advisory: "advisory",
  Mandatory: "mandatory",
  Disabled: "disabled",
} as const;
export type EnforcementLevel = (typeof EnforcementLevel)[keyof typeof EnforcementLevel];

const level = () =>
  oneOf(Object.values(EnforcementLevel) as [EnforcementLevel, ...EnforcementLevel[]]);

const levelsShape = Object.fromEntries(
  Object.values(GuardrailPolicy).map((name) => [name, level().optional()]),
) as Record<GuardrailPolicy, z.ZodOptional<ReturnType<typeof level>>>;

/** Settings of the preview-time CrossGuard pack. */
export const GuardrailsSchema = z
  .strictObject({
    enforcement: level()
      .default(EnforcementLevel.Mandatory)
      .describe("Enforcement level of every policy unless `levels` says otherwise."),
    levels: z
      .strictObject(levelsShape)
      .default({})
      .describe("Per-policy enforcement levels, e.g. `images-pinned: advisory`."),
    allowedCapabilities: listOf(
      text(/^[A-Z][A-Z0-9_]*$/, 'a capability name like "NET_BIND_SERVICE"'),
      "capability names",
    )
      .default([])
      .describe("Linux capabilities a container may add (everything else stays dropped)."),
    allowedLocalTags: listOf(
      text(/^[a-z0-9][a-z0-9._/:-]*$/, 'an image reference like "local/nginx:bookworm"'),
      "image references",
    )
      .default([])
      .describe(
        "Images built on this machine that may run by tag (no registry digest exists for them); every other image must be built by the stack or pinned by digest.",
      ),
    maxContainerMemoryMb: wholeNumber(16, 1048576, "MB")
      .default(2048)
      .describe("Largest memory limit a single container may declare, in MB."),
    maxContainerCpus: decimal(0.05, 256, "CPUs")
      .default(2)
      .describe("Largest CPU limit a single container may declare."),
    maxContainerProcesses: wholeNumber(16, 4194304, "processes")
      .default(2048)
      .describe(
        "Largest process limit (the nproc ulimit, threads included) a container may declare; every container must declare one.",
      ),
  })
  .describe("Preview-time guardrails: the CrossGuard policy pack's settings.");

/** The typed `policy.guardrails` section. */
export type GuardrailsConfig = z.output<typeof GuardrailsSchema>;
