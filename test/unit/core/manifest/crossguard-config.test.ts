import { describe, expect, it } from "vitest";
import { renderCrossGuardConfig } from "../../../../core/manifest/crossguard-config";
import { GuardrailsSchema } from "../../../../core/manifest";

describe("CrossGuard pack config", () => {
  it("sets every policy's level with `all` and passes the thresholds of the policies that take them", () => {
    expect(renderCrossGuardConfig(GuardrailsSchema.parse({}))).toEqual({
      all: "mandatory",
      "no-added-capabilities": { enforcementLevel: "mandatory", allowedCapabilities: [] },
      "images-pinned": { enforcementLevel: "mandatory", allowedLocalTags: [] },
      "container-resource-limits": { enforcementLevel: "mandatory", maxMemoryMb: 2048, maxCpus: 2 },
      "container-process-limit": { enforcementLevel: "mandatory", maxProcesses: 2048 },
      "k8s-no-added-capabilities": { enforcementLevel: "mandatory", allowedCapabilities: [] },
      "k8s-images-pinned": { enforcementLevel: "mandatory", allowedLocalTags: [] },
      "k8s-resource-limits": { enforcementLevel: "mandatory", maxMemoryMb: 2048, maxCpus: 2 },
    });
  });

  it("passes the locally built images that may run by tag to images-pinned", () => {
    const config = renderCrossGuardConfig(
      GuardrailsSchema.parse({ allowedLocalTags: ["swiftdeploy/nginx:bookworm"] }),
    );
    expect(config["images-pinned"]).toEqual({
      enforcementLevel: "mandatory",
      allowedLocalTags: ["swiftdeploy/nginx:bookworm"],
    });
  });

  it("applies per-policy levels on top of the pack-wide one", () => {
    const config = renderCrossGuardConfig(
      GuardrailsSchema.parse({
        enforcement: "advisory",
        levels: { "images-pinned": "disabled", "container-resource-limits": "mandatory" },
        allowedCapabilities: ["NET_BIND_SERVICE"],
        maxContainerMemoryMb: 4096,
        maxContainerCpus: 4,
        maxContainerProcesses: 1024,
      }),
    );
    expect(config).toEqual({
      all: "advisory",
      "no-added-capabilities": {
        enforcementLevel: "advisory",
        allowedCapabilities: ["NET_BIND_SERVICE"],
      },
      "container-resource-limits": { enforcementLevel: "mandatory", maxMemoryMb: 4096, maxCpus: 4 },
      "images-pinned": { enforcementLevel: "disabled", allowedLocalTags: [] },
      "container-process-limit": { enforcementLevel: "advisory", maxProcesses: 1024 },
      "k8s-no-added-capabilities": {
        enforcementLevel: "advisory",
        allowedCapabilities: ["NET_BIND_SERVICE"],
      },
      "k8s-resource-limits": { enforcementLevel: "advisory", maxMemoryMb: 4096, maxCpus: 4 },
      "k8s-images-pinned": { enforcementLevel: "advisory", allowedLocalTags: [] },
    });
  });

  it("does not share the capability list with the manifest object", () => {
    const guardrails = GuardrailsSchema.parse({ allowedCapabilities: ["CHOWN"] });
    const entry = renderCrossGuardConfig(guardrails)["no-added-capabilities"];
    expect(entry?.allowedCapabilities).not.toBe(guardrails.allowedCapabilities);
  });
});
