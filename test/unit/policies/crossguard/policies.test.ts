import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { Role } from "../../../../core/roles";
import { GuardrailPolicy } from "../../../../core/manifest/guardrails-schema";
import { swiftdeployPolicies } from "../../../../policies/crossguard/policies";
import { renderCrossGuardConfig } from "../../../../core/manifest/crossguard-config";
import { GuardrailsSchema } from "../../../../core/manifest/guardrails-schema";
import { compliantContainer, compliantStack, stackViolations, violations } from "../kit";

const resourcePolicies = swiftdeployPolicies.filter(
  (p): p is ResourceValidationPolicy => "validateResource" in p,
);
const stackPolicies = swiftdeployPolicies.filter(
  (p): p is StackValidationPolicy => "validateStack" in p,
);

describe("the pack", () => {
  it("registers exactly the documented policy names, each once", () => {
    expect(swiftdeployPolicies.map((p) => p.name).sort()).toEqual(
      Object.values(GuardrailPolicy).sort(),
    );
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

describe("the config the stack renders from the manifest's guardrails", () => {
  const rendered = renderCrossGuardConfig(
    GuardrailsSchema.parse({
      allowedCapabilities: ["NET_BIND_SERVICE"],
      levels: { "images-pinned": "advisory" },
    }),
  ) as Record<string, unknown>;

  it.each(Object.entries(rendered).filter(([name]) => name !== "all"))(
    "declares every setting it passes to %s in that policy's configSchema",
    (name, entry) => {
      const policy = swiftdeployPolicies.find((p) => p.name === name);
      const settings = Object.keys(entry as object).filter((key) => key !== "enforcementLevel");
      expect(policy).toBeDefined();
      expect(Object.keys(policy?.configSchema?.properties ?? {})).toEqual(
        expect.arrayContaining(settings),
      );
    },
  );
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
