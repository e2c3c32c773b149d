import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { Role } from "../../../../core/roles";
import { PolicyName } from "../../../../policies/crossguard/lib/policy-names";
import { swiftdeployPolicies } from "../../../../policies/crossguard/policies";
import { compliantContainer, compliantStack, stackViolations, violations } from "../kit";

const resourcePolicies = swiftdeployPolicies.filter(
  (p): p is ResourceValidationPolicy => "validateResource" in p,
);
const stackPolicies = swiftdeployPolicies.filter(
  (p): p is StackValidationPolicy => "validateStack" in p,
);

describe("the pack", () => {
  it("registers exactly the documented policy names, each once", () => {
    expect(swiftdeployPolicies.map((p) => p.name).sort()).toEqual(Object.values(PolicyName).sort());
  });

  it("says what to do in every description and keeps enforcement to the pack's default", () => {
    for (const policy of swiftdeployPolicies) {
      expect(policy.description.length).toBeGreaterThan(20);
      expect(policy.enforcementLevel).toBeUndefined();
    }
  });

  it("never declares enforcementLevel in a config schema (the SDK refuses it)", () => {
    for (const policy of swiftdeployPolicies) {
      expect(Object.keys(policy.configSchema?.properties ?? {})).not.toContain("enforcementLevel");
    }
  });
});

describe.each(Object.values(Role))("a compliant %s container", (role) => {
  it.each(resourcePolicies.map((p) => [p.name, p] as const))("passes %s", async (_, policy) => {
    expect(
      await violations(policy, { name: `swiftdeploy-${role}`, props: compliantContainer(role) }),
    ).toEqual([]);
  });
});

describe("a compliant stack", () => {
  it.each(stackPolicies.map((p) => [p.name, p] as const))("passes %s", async (_, policy) => {
    expect(await stackViolations(policy, compliantStack())).toEqual([]);
  });
});
