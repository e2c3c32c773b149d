import { resourcePolicy } from "./lib/define-policy";
import {
  CAPABILITIES_CONFIG_SCHEMA,
  CAPABILITIES_DEFAULTS,
  capabilityName,
  type CapabilitiesConfig,
} from "./lib/shared-settings";
import { describeContainer } from "./lib/labels";
import { GuardrailPolicy } from "../../core/manifest/guardrails-schema";
import type { ContainerProps } from "./lib/resource-types";
import { ResourceType } from "./lib/resource-types";

/** A privileged container is root on the host. */
export const noPrivilegedContainers = resourcePolicy<ContainerProps>({
  name: GuardrailPolicy.NoPrivilegedContainers,
  description: "Containers must not run privileged.",
  types: [ResourceType.Container],
  check: ({ name, props, report }) => {
    if (props.privileged === true) {
      report(
        `${describeContainer(name, props)} must not be privileged: remove \`privileged: true\` and add only the capabilities it needs (allowedCapabilities).`,
      );
    }
  },
});

export type { CapabilitiesConfig } from "./lib/shared-settings";

/** Capabilities are dropped by default; any added one must be on the allow-list. */
export const noAddedCapabilities = resourcePolicy<ContainerProps, CapabilitiesConfig>({
  name: GuardrailPolicy.NoAddedCapabilities,
  description: "Containers may add only the Linux capabilities listed in allowedCapabilities.",
  defaults: CAPABILITIES_DEFAULTS,
  configSchema: CAPABILITIES_CONFIG_SCHEMA,
  types: [ResourceType.Container],
  check: ({ name, props, config, report }) => {
    const allowed = new Set(config.allowedCapabilities.map(capabilityName));
    const extra = (props.capabilities?.adds ?? []).filter(
      (cap) => !allowed.has(capabilityName(cap)),
    );
    if (extra.length > 0) {
      const list = extra.map(capabilityName).join(", ");
      report(
        `${describeContainer(name, props)} must not add capabilities ${list}: remove them from \`capabilities.adds\`, or allow them in the pack's allowedCapabilities (now: ${[...allowed].join(", ") || "none"}).`,
      );
    }
  },
});

/** Whatever a container keeps of root's powers is one exploit away from the host. */
export const containerDropsAllCapabilities = resourcePolicy<ContainerProps>({
  name: GuardrailPolicy.ContainerDropsAllCapabilities,
  description:
    'Every container drops all Linux capabilities (`capabilities.drops: ["ALL"]`) and adds back only allowed ones.',
  types: [ResourceType.Container],
  check: ({ name, props, report }) => {
    const drops = (props.capabilities?.drops ?? []).map(capabilityName);
    if (!drops.includes("ALL")) {
      report(
        `${describeContainer(name, props)} must drop every capability: set \`capabilities.drops\` to ["ALL"] and add back only what it needs.`,
      );
    }
  },
});

const NO_NEW_PRIVILEGES = /^no-new-privileges([:=]true)?$/;

/** A setuid binary in the image must not turn the container's user into root. */
export const containerNoNewPrivileges = resourcePolicy<ContainerProps>({
  name: GuardrailPolicy.ContainerNoNewPrivileges,
  description:
    'Every container sets "no-new-privileges:true" in securityOpts, so setuid binaries cannot raise privileges.',
  types: [ResourceType.Container],
  check: ({ name, props, report }) => {
    if (!(props.securityOpts ?? []).some((option) => NO_NEW_PRIVILEGES.test(option.trim()))) {
      report(
        `${describeContainer(name, props)} must not gain privileges through setuid binaries: add "no-new-privileges:true" to \`securityOpts\`.`,
      );
    }
  },
});

// The socket itself and every directory that contains it: mounting /var/run mounts the socket too.
const SOCKET_PATHS = new Set([
  "/var/run/docker.sock",
  "/run/docker.sock",
  "/var/run",
  "/run",
  "/var",
  "/",
]);

function normalisePath(hostPath: string): string {
  const trimmed = hostPath.replace(/\/+/g, "/").replace(/\/$/, "");
  return trimmed === "" ? "/" : trimmed;
}

/** Access to the Docker socket is root on the host. */
export const noDockerSocketMount = resourcePolicy<ContainerProps>({
  name: GuardrailPolicy.NoDockerSocketMount,
  description: "Containers must not mount the Docker socket (or a directory holding it).",
  types: [ResourceType.Container],
  check: ({ name, props, report }) => {
    const fromVolumes = (props.volumes ?? []).map((volume) => volume.hostPath);
    const fromMounts = (props.mounts ?? [])
      .filter((mount) => mount.type === "bind")
      .map((mount) => mount.source);
    for (const hostPath of [...fromVolumes, ...fromMounts]) {
      if (hostPath !== undefined && SOCKET_PATHS.has(normalisePath(hostPath))) {
        report(
          `${describeContainer(name, props)} must not mount ${hostPath}: it exposes the Docker socket, which is root on the host. Remove that volume or mount.`,
        );
      }
    }
  },
});
