import { describe, expect, it } from "vitest";
import { edgeNodes, edgeUrls } from "../../../../../cli/live/kubernetes/edge-nodes";

const node = (name: string, edge: boolean, ready: boolean, addresses: Record<string, string>) => ({
  metadata: {
    name,
    labels: edge
      ? { "swiftdeploy.dev/edge": "true" }
      : { "node-role.kubernetes.io/control-plane": "" },
  },
  status: {
    addresses: Object.entries(addresses).map(([type, address]) => ({ type, address })),
    conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
  },
});

describe("edge nodes and the public URLs", () => {
  const list = {
    items: [
      node("w2", true, true, { Hostname: "w2", InternalIP: "172.31.254.12" }),
      node("cp", false, true, { InternalIP: "172.31.254.10" }),
      node("w1", true, true, { ExternalIP: "198.51.100.4" }),
      node("w3", true, false, { InternalIP: "172.31.254.13" }),
      node("w4", true, true, { InternalIP: "fd00::4" }),
    ],
  };

  it("keeps the nodes labelled as edge nodes, with their address and readiness", () => {
    expect(edgeNodes(list)).toEqual([
      { name: "w1", address: "198.51.100.4", ready: true },
      { name: "w2", address: "172.31.254.12", ready: true },
      { name: "w3", address: "172.31.254.13", ready: false },
      { name: "w4", address: "fd00::4", ready: true },
    ]);
  });

  it("gives the NodePort's URL on every ready edge node (the control plane runs no Nginx)", () => {
    expect(edgeUrls(edgeNodes(list), 30080)).toEqual([
      "http://198.51.100.4:30080/",
      "http://172.31.254.12:30080/",
      "http://[fd00::4]:30080/",
    ]);
  });
});
