import { describe, expect, it } from "vitest";
import {
  kubernetesNodeFacts,
  schedulableNodes,
  type NodeObject,
} from "../../../gate/kubernetes-facts";
import { parseQuantity } from "../../../core/kubernetes";
import { readyPod } from "../../../components/kubernetes/deploy-gate";

const GI = 2 ** 30;

function node(name: string, extra: Partial<NodeObject> = {}): NodeObject {
  return {
    metadata: { name },
    status: {
      capacity: { cpu: "2", memory: "24547812Ki" },
      conditions: [{ type: "Ready", status: "True" }],
      nodeInfo: { containerRuntimeVersion: "containerd://1.6.20" },
    },
    ...extra,
  };
}

const summary = {
  node: {
    fs: { availableBytes: 10 * GI, capacityBytes: 50 * GI },
    memory: { availableBytes: 3 * GI },
    cpu: { usageNanoCores: 1_500_000_000 },
  },
};

describe("parseQuantity", () => {
  it.each([
    ["2", 2],
    ["1500m", 1.5],
    ["24547812Ki", 24547812 * 1024],
    ["1Gi", GI],
    ["3G", 3e9],
    ["lots", undefined],
    [undefined, undefined],
  ])("%s → %s", (quantity, value) => {
    expect(parseQuantity(quantity)).toBe(value);
  });
});

describe("schedulableNodes", () => {
  it("leaves out cordoned nodes and nodes tainted NoSchedule or NoExecute", () => {
    expect(
      schedulableNodes([
        node("cp", { spec: { taints: [{ effect: "NoSchedule" }] } }),
        node("w1"),
        node("w2", { spec: { unschedulable: true } }),
        node("w3", { spec: { taints: [{ effect: "PreferNoSchedule" }] } }),
        node("w4", { spec: { taints: [{ effect: "NoExecute" }] } }),
      ]),
    ).toEqual(["w1", "w3"]);
  });
});

describe("kubernetesNodeFacts", () => {
  it("fills the infrastructure policy's input from the node and the kubelet's summary", () => {
    expect(kubernetesNodeFacts(node("w1"), summary)).toEqual({
      disk: {
        path: "the kubelet's filesystem on node w1",
        free_bytes: 10 * GI,
        total_bytes: 50 * GI,
      },
      load: { load1: 1.5, cpus: 2 },
      memory: { available_bytes: 3 * GI, total_bytes: 24547812 * 1024 },
      docker: { answering: true, server_version: "containerd://1.6.20" },
    });
  });

  it("reports a node that is not Ready as a runtime that does not answer", () => {
    const notReady = node("w2", {
      status: { ...node("w2").status, conditions: [{ type: "Ready", status: "False" }] },
    });
    expect(kubernetesNodeFacts(notReady, summary).docker).toEqual({
      answering: false,
      error: "node is not Ready (Ready=False, runtime containerd://1.6.20)",
    });
  });

  it("quotes why the summary could not be read in every fact taken from it", () => {
    const facts = kubernetesNodeFacts(
      node("w1"),
      undefined,
      "the kubelet's summary could not be read: 503",
    );
    expect(facts.disk).toEqual({
      path: "the kubelet's filesystem on node w1",
      error: "the kubelet's summary could not be read: 503",
    });
    expect(facts.load).toEqual({ error: "the kubelet's summary could not be read: 503" });
    expect(facts.memory).toEqual({ error: "the kubelet's summary could not be read: 503" });
  });
});

describe("readyPod", () => {
  const pod = (name: string, created: string, ready: string, extra: object = {}) => ({
    metadata: { name, creationTimestamp: created, ...extra },
    status: { phase: "Running", conditions: [{ type: "Ready", status: ready }] },
  });

  it("picks the newest ready pod that is not being deleted", () => {
    expect(
      readyPod([
        pod("old", "2026-12-05T08:00:00Z", "True"),
        pod("new-not-ready", "2026-12-05T08:05:00Z", "False"),
        pod("newer-deleting", "2026-12-05T08:06:00Z", "True", {
          deletionTimestamp: "2026-12-05T08:07:00Z",
        }),
        pod("new", "2026-12-05T08:04:00Z", "True"),
      ]),
    ).toBe("new");
    expect(readyPod([])).toBeUndefined();
  });
});
