// The pack's entry point (`pulumi preview --policy-pack policies/crossguard`): the policies live
// in one file per area, listed in policies.ts. Its config comes from the stack's manifest (read
// when the engine names the stack), so no --policy-pack-config is needed; a file given with it
// still wins, key by key.
import path from "node:path";
import { PolicyPack, type PolicyPackConfig } from "@pulumi/policy";
import { GUARD_PACK, pulumiCliPid, writeGuardMarker } from "../../core/policy-guard";
import { manifestPolicyConfig } from "./lib/manifest-config";
import { installSecretMarks } from "./lib/secret-marks";
import { onConfigureStack } from "./lib/stack-configure";
import { swiftdeployPolicies } from "./policies";

installSecretMarks();

// Filled when the engine configures the stack, before it asks for the pack's info and config.
const initialConfig: PolicyPackConfig = {};
onConfigureStack((info) => {
  const found = manifestPolicyConfig(info, [
    process.env.SWIFTDEPLOY_PROJECT_DIR,
    process.cwd(),
    path.resolve(__dirname, "../.."),
  ]);
  if (found !== undefined) Object.assign(initialConfig, found.config);
  const cliPid = pulumiCliPid(process.pid);
  if (cliPid !== undefined)
    writeGuardMarker({
      pack: GUARD_PACK,
      project: info.project,
      stack: info.stack,
      cliPid,
      packPid: process.pid,
    });
});

new PolicyPack(
  GUARD_PACK,
  {
    description:
      "SwiftDeploy guardrails: exposure, privileges, container hygiene, pinned images, secrets, stack shape, firewall cleanup; on Kubernetes: pod privileges, host paths, limits, public Services, pinned images.",
    enforcementLevel: "mandatory",
    policies: swiftdeployPolicies,
  },
  initialConfig,
);
