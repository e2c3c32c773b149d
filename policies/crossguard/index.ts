// The pack's entry point (`pulumi preview --policy-pack policies/crossguard`): the policies live
// in one file per area, listed in policies.ts.
import { PolicyPack } from "@pulumi/policy";
import { installSecretMarks } from "./lib/secret-marks";
import { swiftdeployPolicies } from "./policies";

installSecretMarks();

new PolicyPack("swiftdeploy-guardrails", {
  description:
    "SwiftDeploy guardrails: exposure, privileges, container hygiene, pinned images, secrets, stack shape, firewall cleanup; on Kubernetes: pod privileges, host paths, limits, public Services, pinned images.",
  enforcementLevel: "mandatory",
  policies: swiftdeployPolicies,
});
