import { describe, expect, it } from "vitest";
import {
  renderOpaConfigMap,
  renderOpaDeployment,
} from "../../../../../components/kubernetes/render/opa-workload";
import { renderOpaData } from "../../../../../components/render/opa-data";
import { manifestWith } from "../../../../kit/manifest";

const manifest = manifestWith({ policy: { deploy: { maxLoadPerCpu: 3 } } });
const policies = { "infrastructure.rego": "package swiftdeploy.infrastructure\n" };

describe("renderOpaConfigMap", () => {
  it("holds the runtime policies and the manifest's thresholds, as on Docker", () => {
    const { data, metadata } = renderOpaConfigMap(manifest, "ns", policies);
    expect(Object.keys(data).sort()).toEqual(["data.json", "infrastructure.rego"]);
    expect(JSON.parse(data["data.json"] ?? "")).toEqual(renderOpaData(manifest.policy));
    expect(JSON.parse(data["data.json"] ?? "").thresholds.deploy.max_load_per_cpu).toBe(3);
    expect(metadata.name).toMatch(/^opa-policies-[0-9a-f]{10}$/);
  });

  it("changes its name when a threshold changes", () => {
    const other = manifestWith({ policy: { deploy: { maxLoadPerCpu: 4 } } });
    expect(renderOpaConfigMap(other, "ns", policies).metadata.name).not.toBe(
      renderOpaConfigMap(manifest, "ns", policies).metadata.name,
    );
  });
});

describe("renderOpaDeployment", () => {
  const deployment = renderOpaDeployment(manifest, {
    namespace: "ns",
    configMapName: "opa-policies-x",
    image: "sha256:c",
    imageName: "swiftdeploy/opa:1.22.2",
  });
  const container = deployment.spec.template.spec.containers[0];

  it("listens on the pod's loopback only, skipping the ConfigMap's hidden copies", () => {
    expect(container?.args).toEqual([
      "run",
      "--server",
      "--addr",
      "127.0.0.1:8181",
      "--log-level",
      "error",
      "--ignore",
      ".*",
      "/policies",
    ]);
    expect(container).not.toHaveProperty("ports");
  });

  it("probes inside the pod, where OPA listens", () => {
    expect(container?.readinessProbe.exec.command).toEqual([
      "wget",
      "-q",
      "-O",
      "/dev/null",
      "http://127.0.0.1:8181/health",
    ]);
  });
});
