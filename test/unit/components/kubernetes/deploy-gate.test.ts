import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SwiftDeployError } from "../../../../core/errors";
import { checkKubernetesDeployGate } from "../../../../components/kubernetes/deploy-gate";
import type { KubeClient } from "../../../../components/kubernetes/kubectl-client";
import { renderOpaData } from "../../../../components/render/opa-data";
import { manifestWith } from "../../../kit/manifest";

const expectedData = renderOpaData(manifestWith({}).policy);
const GI = 2 ** 30;

function node(name: string, taint?: string) {
  return {
    metadata: { name },
    spec: taint === undefined ? {} : { taints: [{ effect: taint }] },
    status: {
      capacity: { cpu: "2", memory: "8Gi" },
      conditions: [{ type: "Ready", status: "True" }],
      nodeInfo: { containerRuntimeVersion: "containerd://1.6.20" },
    },
  };
}

/** A stand-in OPA on loopback: healthy, holding `expectedData`, denying nodes with little disk. */
function fakeOpa(inputs: unknown[]): Promise<Server> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (req.url === "/health") return res.end("{}");
      if (req.url === "/v1/data/thresholds") {
        return res.end(JSON.stringify({ result: expectedData.thresholds }));
      }
      const input = (JSON.parse(body) as { input: { disk: { free_bytes: number } } }).input;
      inputs.push(input);
      const allow = input.disk.free_bytes >= 2 * GI;
      res.end(
        JSON.stringify({
          result: { allow, reasons: allow ? [] : ["Disk free 1 GB is below the minimum 2 GB"] },
        }),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** A recording twin of kubectl: nodes, their summaries, OPA's pods, and a "forward" to `opa`. */
function twin(opa: Server, freeGb: Record<string, number>, calls: string[]): KubeClient {
  const port = (opa.address() as AddressInfo).port;
  return {
    async getJson(apiPath) {
      calls.push(`GET ${apiPath}`);
      if (apiPath === "/api/v1/nodes") {
        return { items: [node("cp", "NoSchedule"), node("w1"), node("w2")] };
      }
      const summary = /^\/api\/v1\/nodes\/(\w+)\/proxy\/stats\/summary$/.exec(apiPath);
      if (summary !== null) {
        const free = (freeGb[summary[1] ?? ""] ?? 0) * GI;
        return {
          node: {
            fs: { availableBytes: free, capacityBytes: 50 * GI },
            memory: { availableBytes: 4 * GI },
            cpu: { usageNanoCores: 5e8 },
          },
        };
      }
      return {
        items: [
          {
            metadata: { name: "opa-1", creationTimestamp: "2026-12-05T08:00:00Z" },
            status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
          },
        ],
      };
    },
    async portForward(namespace, pod, targetPort) {
      calls.push(`forward ${namespace}/${pod}:${targetPort}`);
      return { baseUrl: `http://127.0.0.1:${port}`, close: async () => undefined };
    },
    exec: async () => ({ exitCode: 1, output: "the gate runs nothing in a pod" }),
    close: () => undefined,
  };
}

const target = { namespace: "ns", opaSelector: "role=opa", expectedData, readyTimeoutMs: 2000 };
let server: Server | undefined;
afterEach(() => server?.close());

describe("checkKubernetesDeployGate", () => {
  it("asks OPA about each schedulable node through a port-forward to its ready pod", async () => {
    const inputs: unknown[] = [];
    const calls: string[] = [];
    server = await fakeOpa(inputs);
    const evidence = await checkKubernetesDeployGate(
      twin(server, { w1: 10, w2: 10 }, calls),
      target,
    );
    expect(Object.keys(evidence).sort()).toEqual(["w1", "w2"]);
    expect(calls).toContain("forward ns/opa-1:8181");
    expect(calls).toContain("GET /api/v1/namespaces/ns/pods?labelSelector=role%3Dopa");
    expect(inputs).toHaveLength(2);
  });

  it("refuses the deploy with OPA's reasons, naming the node", async () => {
    server = await fakeOpa([]);
    const check = checkKubernetesDeployGate(twin(server, { w1: 10, w2: 1 }, []), target);
    await expect(check).rejects.toThrow(SwiftDeployError);
    await expect(
      checkKubernetesDeployGate(twin(server, { w1: 10, w2: 1 }, []), target),
    ).rejects.toThrow("node w2: Disk free 1 GB is below the minimum 2 GB");
  });
});
