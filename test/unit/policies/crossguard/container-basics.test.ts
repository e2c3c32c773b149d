import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { Role } from "../../../../core/roles";
import {
  containerHealthcheck,
  containerNonRoot,
  containerReadOnlyRootfs,
  containerResourceLimits,
  containerRestartPolicy,
} from "../../../../policies/crossguard/container-basics";
import { Unknown, changed, compliantContainer, violations } from "../kit";

const who = 'container "api" (role api-stable)';

// [policy, field changed, new value (undefined removes it), the one message expected]
const cases: [string, ResourceValidationPolicy, string, unknown, string][] = [
  [
    "container-resource-limits",
    containerResourceLimits,
    "memory",
    undefined,
    `${who} must have a memory limit: set \`memory\` (MB), at most 2048.`,
  ],
  [
    "container-resource-limits",
    containerResourceLimits,
    "memory",
    0,
    `${who} must have a memory limit: set \`memory\` (MB), at most 2048.`,
  ],
  [
    "container-resource-limits",
    containerResourceLimits,
    "memory",
    4096,
    `${who} must not have a memory limit above 2048 MB: \`memory\` is 4096.`,
  ],
  [
    "container-resource-limits",
    containerResourceLimits,
    "cpus",
    undefined,
    `${who} must have a CPU limit: set \`cpus\` (e.g. "0.5"), at most 2.`,
  ],
  [
    "container-resource-limits",
    containerResourceLimits,
    "cpus",
    "0",
    `${who} must have a CPU limit: set \`cpus\` (e.g. "0.5"), at most 2.`,
  ],
  [
    "container-resource-limits",
    containerResourceLimits,
    "cpus",
    "3.5",
    `${who} must not have a CPU limit above 2 CPUs: it has 3.5.`,
  ],
  [
    "container-healthcheck",
    containerHealthcheck,
    "healthcheck",
    undefined,
    `${who} must have a health check: set \`healthcheck.tests\` (e.g. ["CMD", "/bin/healthcheck"]) with an interval and retries.`,
  ],
  [
    "container-healthcheck",
    containerHealthcheck,
    "healthcheck",
    { tests: ["NONE"] },
    `${who} must have a health check: set \`healthcheck.tests\` (e.g. ["CMD", "/bin/healthcheck"]) with an interval and retries.`,
  ],
  [
    "container-restart-policy",
    containerRestartPolicy,
    "restart",
    undefined,
    `${who} must have a restart policy: set \`restart\` to "unless-stopped" (or "always", "on-failure"); it is "no".`,
  ],
  [
    "container-restart-policy",
    containerRestartPolicy,
    "restart",
    "no",
    `${who} must have a restart policy: set \`restart\` to "unless-stopped" (or "always", "on-failure"); it is "no".`,
  ],
  [
    "container-non-root",
    containerNonRoot,
    "user",
    undefined,
    `${who} must run as a non-root user: set \`user\` to an unprivileged uid:gid such as "10001:10001".`,
  ],
  [
    "container-non-root",
    containerNonRoot,
    "user",
    "root",
    `${who} must run as a non-root user: set \`user\` to an unprivileged uid:gid such as "10001:10001" (it is "root").`,
  ],
  [
    "container-non-root",
    containerNonRoot,
    "user",
    "0:0",
    `${who} must run as a non-root user: set \`user\` to an unprivileged uid:gid such as "10001:10001" (it is "0:0").`,
  ],
  [
    "container-read-only-rootfs",
    containerReadOnlyRootfs,
    "readOnly",
    undefined,
    `${who} must have a read-only root filesystem: set \`readOnly: true\` and mount a tmpfs where it writes, or exempt its role in exemptRoles.`,
  ],
  [
    "container-read-only-rootfs",
    containerReadOnlyRootfs,
    "readOnly",
    false,
    `${who} must have a read-only root filesystem: set \`readOnly: true\` and mount a tmpfs where it writes, or exempt its role in exemptRoles.`,
  ],
];

describe.each(cases)("%s with %s = %j", (_, policy, field, value, message) => {
  it("reports exactly one violation that says what to change", async () => {
    expect(
      await violations(policy, { props: changed(compliantContainer(), field, value) }),
    ).toEqual([message]);
  });
});

describe("container-resource-limits", () => {
  it("accepts a CPU limit given as quota and period", async () => {
    const props = {
      ...changed(compliantContainer(), "cpus", undefined),
      cpuQuota: 50_000,
      cpuPeriod: 100_000,
    };
    expect(await violations(containerResourceLimits, { props })).toEqual([]);
  });

  it("reports both limits when both are missing", async () => {
    const props = changed(changed(compliantContainer(), "cpus", undefined), "memory", undefined);
    expect(await violations(containerResourceLimits, { props })).toHaveLength(2);
  });

  it("takes the maximums from the pack's config", async () => {
    const props = changed(compliantContainer(), "memory", 4096);
    expect(await violations(containerResourceLimits, { props }, { maxMemoryMb: 8192 })).toEqual([]);
    expect(
      await violations(containerResourceLimits, { props: compliantContainer() }, { maxCpus: 0.25 }),
    ).toEqual([`${who} must not have a CPU limit above 0.25 CPUs: it has 0.5.`]);
  });

  it("stays quiet while the memory limit is unknown at preview", async () => {
    expect(
      await violations(containerResourceLimits, {
        props: changed(compliantContainer(), "memory", Unknown.string),
      }),
    ).toEqual([]);
  });
});

describe("container-restart-policy", () => {
  it.each(["always", "unless-stopped", "on-failure"])("accepts %s", async (restart) => {
    expect(
      await violations(containerRestartPolicy, {
        props: changed(compliantContainer(), "restart", restart),
      }),
    ).toEqual([]);
  });
});

describe("container-non-root", () => {
  it.each(["10001", "10001:10001", "node", "nginx:nginx"])("accepts user %s", async (user) => {
    expect(
      await violations(containerNonRoot, { props: changed(compliantContainer(), "user", user) }),
    ).toEqual([]);
  });
});

describe("container-read-only-rootfs", () => {
  it("exempts the roles listed in exemptRoles", async () => {
    const props = changed(compliantContainer(Role.Proxy), "readOnly", false);
    expect(
      await violations(containerReadOnlyRootfs, { props }, { exemptRoles: [Role.Proxy] }),
    ).toEqual([]);
  });

  it("does not exempt other roles", async () => {
    const props = changed(compliantContainer(Role.Opa), "readOnly", false);
    expect(
      await violations(
        containerReadOnlyRootfs,
        { name: "opa", props },
        { exemptRoles: [Role.Proxy] },
      ),
    ).toHaveLength(1);
  });
});
