import { stringList } from "./lib/config";
import { resourcePolicy } from "./lib/define-policy";
import { LIMITS_CONFIG_SCHEMA, LIMITS_DEFAULTS, type LimitsConfig } from "./lib/shared-settings";
import { describeContainer, roleOf } from "./lib/labels";
import { GuardrailPolicy } from "../../core/manifest/guardrails-schema";
import type { ContainerProps } from "./lib/resource-types";
import { ResourceType } from "./lib/resource-types";

export type { LimitsConfig } from "./lib/shared-settings";

/** CPU limit in CPUs from `cpus` ("1.5") or `cpuQuota`/`cpuPeriod`; undefined when unlimited. */
function cpuLimit(props: ContainerProps): number | undefined {
  const cpus = Number(props.cpus);
  if (props.cpus !== undefined && Number.isFinite(cpus) && cpus > 0) return cpus;
  if ((props.cpuQuota ?? 0) > 0 && (props.cpuPeriod ?? 0) > 0) {
    return (props.cpuQuota ?? 0) / (props.cpuPeriod ?? 1);
  }
  return undefined;
}

/** One runaway container must not starve the host or its neighbours. */
export const containerResourceLimits = resourcePolicy<ContainerProps, LimitsConfig>({
  name: GuardrailPolicy.ContainerResourceLimits,
  description:
    "Every container has a memory limit and a CPU limit, within the configured maximums.",
  defaults: LIMITS_DEFAULTS,
  configSchema: LIMITS_CONFIG_SCHEMA,
  types: [ResourceType.Container],
  check: ({ name, props, config, report }) => {
    const who = describeContainer(name, props);
    const memory = props.memory ?? 0;
    if (memory <= 0) {
      report(
        `${who} must have a memory limit: set \`memory\` (MB), at most ${config.maxMemoryMb}.`,
      );
    } else if (memory > config.maxMemoryMb) {
      report(
        `${who} must not have a memory limit above ${config.maxMemoryMb} MB: \`memory\` is ${memory}.`,
      );
    }
    const cpus = cpuLimit(props);
    if (cpus === undefined) {
      report(`${who} must have a CPU limit: set \`cpus\` (e.g. "0.5"), at most ${config.maxCpus}.`);
    } else if (cpus > config.maxCpus) {
      report(`${who} must not have a CPU limit above ${config.maxCpus} CPUs: it has ${cpus}.`);
    }
  },
});

/** Configuration of container-process-limit (the manifest's policy.guardrails). */
export interface ProcessLimitConfig {
  readonly maxProcesses: number;
}

/** A fork bomb must stop inside its container, not exhaust the host's process table. */
export const containerProcessLimit = resourcePolicy<ContainerProps, ProcessLimitConfig>({
  name: GuardrailPolicy.ContainerProcessLimit,
  description:
    "Every container caps its processes with an nproc ulimit, at most maxProcesses (threads count).",
  defaults: { maxProcesses: 2048 },
  configSchema: {
    properties: {
      maxProcesses: {
        type: "number",
        minimum: 16,
        default: 2048,
        description: "Largest nproc limit a container may declare.",
      },
    },
  },
  types: [ResourceType.Container],
  check: ({ name, props, config, report }) => {
    const who = describeContainer(name, props);
    const nproc = (props.ulimits ?? []).find((u) => u.name === "nproc");
    if (nproc === undefined || !(nproc.hard > 0) || !(nproc.soft > 0)) {
      report(
        `${who} must cap its processes: set \`ulimits\` to [{ name: "nproc", soft: N, hard: N }] with N at most ${config.maxProcesses}, so a fork bomb stops inside the container.`,
      );
    } else if (Math.max(nproc.soft, nproc.hard) > config.maxProcesses) {
      report(
        `${who} must not allow more than ${config.maxProcesses} processes: its nproc limit is ${Math.max(nproc.soft, nproc.hard)}.`,
      );
    }
  },
});

/** Docker (and the deploy's readiness wait) can only tell a hung container with a health check. */
export const containerHealthcheck = resourcePolicy<ContainerProps>({
  name: GuardrailPolicy.ContainerHealthcheck,
  description: "Every container has a health check.",
  types: [ResourceType.Container],
  check: ({ name, props, report }) => {
    const tests = props.healthcheck?.tests ?? [];
    if (tests.length === 0 || tests[0] === "NONE") {
      report(
        `${describeContainer(name, props)} must have a health check: set \`healthcheck.tests\` (e.g. ["CMD", "/bin/healthcheck"]) with an interval and retries.`,
      );
    }
  },
});

const RESTART_POLICIES = ["always", "unless-stopped", "on-failure"];

/** A container that dies must come back without an operator. */
export const containerRestartPolicy = resourcePolicy<ContainerProps>({
  name: GuardrailPolicy.ContainerRestartPolicy,
  description: "Every container has a restart policy (always, unless-stopped or on-failure).",
  types: [ResourceType.Container],
  check: ({ name, props, report }) => {
    if (!RESTART_POLICIES.includes(props.restart ?? "no")) {
      report(
        `${describeContainer(name, props)} must have a restart policy: set \`restart\` to "unless-stopped" (or "always", "on-failure"); it is ${JSON.stringify(props.restart ?? "no")}.`,
      );
    }
  },
});

/** Root in a container is one kernel bug away from root on the host. */
export const containerNonRoot = resourcePolicy<ContainerProps>({
  name: GuardrailPolicy.ContainerNonRoot,
  description: "Every container runs as a non-root user, set explicitly with `user`.",
  types: [ResourceType.Container],
  check: ({ name, props, report }) => {
    const user = (props.user ?? "").split(":")[0]?.trim() ?? "";
    if (user === "" || user === "root" || user === "0") {
      report(
        `${describeContainer(name, props)} must run as a non-root user: set \`user\` to an unprivileged uid:gid such as "10001:10001"${user === "" ? "" : ` (it is "${props.user}")`}.`,
      );
    }
  },
});

/** Configuration of container-read-only-rootfs. */
export interface ReadOnlyConfig {
  readonly exemptRoles: readonly string[];
}

/** A read-only root filesystem stops an intruder from changing the image's binaries. */
export const containerReadOnlyRootfs = resourcePolicy<ContainerProps, ReadOnlyConfig>({
  name: GuardrailPolicy.ContainerReadOnlyRootfs,
  description:
    "Every container has a read-only root filesystem, except roles listed in exemptRoles.",
  defaults: { exemptRoles: [] },
  configSchema: {
    properties: {
      exemptRoles: stringList(
        "Roles (dev.swiftdeploy.role) that may write to their root filesystem.",
      ),
    },
  },
  types: [ResourceType.Container],
  check: ({ name, props, config, report }) => {
    const role = roleOf(props);
    if (props.readOnly !== true && (role === undefined || !config.exemptRoles.includes(role))) {
      report(
        `${describeContainer(name, props)} must have a read-only root filesystem: set \`readOnly: true\` and mount a tmpfs where it writes, or exempt its role in exemptRoles.`,
      );
    }
  },
});
