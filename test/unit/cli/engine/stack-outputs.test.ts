import { describe, expect, it } from "vitest";
import { readOutputs } from "../../../../cli/engine/stack-outputs";

const out = (value: unknown, secret = false) => ({ value, secret });

describe("readOutputs", () => {
  it("reads a kubernetes stack's target, namespace, NodePort and workloads", () => {
    const outputs = readOutputs({
      target: out("kubernetes"),
      chaosToken: out("t0k3n", true),
      namespace: out("sd-e2e"),
      nodePort: out(30080),
      publicEndpoint: out("NodePort 30080 on every node labelled swiftdeploy.dev/edge=true"),
      workloads: out({ namespace: "sd-e2e", proxy: "daemonset/proxy", replicas: 2 }),
    });
    expect(outputs).toEqual({
      target: "kubernetes",
      publicUrl: undefined,
      dashboard: undefined,
      detectorUnitState: undefined,
      containers: {},
      chaosToken: "t0k3n",
      namespace: "sd-e2e",
      nodePort: 30080,
      publicEndpoint: "NodePort 30080 on every node labelled swiftdeploy.dev/edge=true",
      workloads: { namespace: "sd-e2e", proxy: "daemonset/proxy" },
    });
  });

  it("reads a docker stack's URL and containers; odd values are left out", () => {
    const outputs = readOutputs({
      target: out("docker"),
      publicUrl: out("http://172.31.250.10:8080/"),
      containers: out({ proxy: "api-proxy", broken: 3 }),
      nodePort: out("30080"),
    });
    expect(outputs.target).toBe("docker");
    expect(outputs.publicUrl).toBe("http://172.31.250.10:8080/");
    expect(outputs.containers).toEqual({ proxy: "api-proxy" });
    expect(outputs.nodePort).toBeUndefined();
    expect(outputs.workloads).toEqual({});
  });

  it("has no target before the first update", () => {
    expect(readOutputs({}).target).toBeUndefined();
  });
});
