import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { containerProcessLimit } from "../../../../policies/crossguard/container-basics";
import {
  containerDropsAllCapabilities,
  containerNoNewPrivileges,
} from "../../../../policies/crossguard/privileges";
import { Unknown, changed, compliantContainer, violations } from "../kit";

const who = 'container "api" (role api-stable)';
const nproc = (soft: number, hard: number) => [{ name: "nproc", soft, hard }];

// [policy, field changed, new value (undefined removes it), the one message expected]
const cases: [string, ResourceValidationPolicy, string, unknown, string][] = [
  [
    "container-process-limit",
    containerProcessLimit,
    "ulimits",
    undefined,
    `${who} must cap its processes: set \`ulimits\` to [{ name: "nproc", soft: N, hard: N }] with N at most 2048, so a fork bomb stops inside the container.`,
  ],
  [
    "container-process-limit",
    containerProcessLimit,
    "ulimits",
    [{ name: "nofile", soft: 1024, hard: 1024 }],
    `${who} must cap its processes: set \`ulimits\` to [{ name: "nproc", soft: N, hard: N }] with N at most 2048, so a fork bomb stops inside the container.`,
  ],
  [
    "container-process-limit",
    containerProcessLimit,
    "ulimits",
    nproc(512, 100_000),
    `${who} must not allow more than 2048 processes: its nproc limit is 100000.`,
  ],
  [
    "container-drops-all-capabilities",
    containerDropsAllCapabilities,
    "capabilities",
    undefined,
    `${who} must drop every capability: set \`capabilities.drops\` to ["ALL"] and add back only what it needs.`,
  ],
  [
    "container-drops-all-capabilities",
    containerDropsAllCapabilities,
    "capabilities",
    { drops: ["NET_RAW"] },
    `${who} must drop every capability: set \`capabilities.drops\` to ["ALL"] and add back only what it needs.`,
  ],
  [
    "container-no-new-privileges",
    containerNoNewPrivileges,
    "securityOpts",
    undefined,
    `${who} must not gain privileges through setuid binaries: add "no-new-privileges:true" to \`securityOpts\`.`,
  ],
  [
    "container-no-new-privileges",
    containerNoNewPrivileges,
    "securityOpts",
    ["no-new-privileges:false"],
    `${who} must not gain privileges through setuid binaries: add "no-new-privileges:true" to \`securityOpts\`.`,
  ],
];

describe.each(cases)("%s with %s = %j", (_, policy, field, value, message) => {
  it("reports exactly one violation that says what to change", async () => {
    expect(
      await violations(policy, { props: changed(compliantContainer(), field, value) }),
    ).toEqual([message]);
  });
});

describe("container-process-limit", () => {
  it("takes the maximum from the pack's config", async () => {
    const props = changed(compliantContainer(), "ulimits", nproc(4096, 4096));
    expect(await violations(containerProcessLimit, { props }, { maxProcesses: 8192 })).toEqual([]);
  });

  it("stays quiet while the limits are unknown at preview", async () => {
    const props = changed(compliantContainer(), "ulimits", Unknown.array);
    expect(await violations(containerProcessLimit, { props })).toEqual([]);
  });
});

describe("container-drops-all-capabilities", () => {
  it.each([["all"], ["CAP_ALL"]])("accepts %s, whatever its spelling", async (drop) => {
    const props = changed(compliantContainer(), "capabilities", { drops: [drop] });
    expect(await violations(containerDropsAllCapabilities, { props })).toEqual([]);
  });
});

describe("container-no-new-privileges", () => {
  it.each([["no-new-privileges"], ["no-new-privileges=true"], ["no-new-privileges:true"]])(
    "accepts %s",
    async (option) => {
      const props = changed(compliantContainer(), "securityOpts", ["apparmor=unconfined", option]);
      expect(await violations(containerNoNewPrivileges, { props })).toEqual([]);
    },
  );
});
