import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeClient } from "../../../../components/kubernetes/kubectl-client";
import type { CliContext } from "../../../../cli/context";
import { kubernetesPreflight } from "../../../../cli/validate/kubernetes-preflight";
import { Role } from "../../../../core/roles";
import { kubeTwin, LiveWorld, MANIFEST, pod } from "../../../kit/cli/live-twins";

const edge = (name: string, ready: boolean) => ({
  metadata: { name, labels: { "swiftdeploy.dev/edge": "true" } },
  status: {
    addresses: [{ type: "InternalIP", address: `172.31.254.${name === "w1" ? 11 : 12}` }],
    conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
  },
});

/** The kubectl twin, plus the API server's version and its nodes. */
function cluster(world: LiveWorld, nodes: unknown[], pods?: unknown[]): KubeClient {
  const twin = kubeTwin(world, [], pods);
  return {
    ...twin,
    async getJson(apiPath) {
      if (apiPath === "/version") return { gitVersion: "v1.37.2" };
      if (apiPath === "/api/v1/nodes") return { items: nodes };
      return twin.getJson(apiPath);
    },
  };
}

describe("validate on a kubernetes stack", () => {
  let world: LiveWorld;
  let ctx: CliContext;
  beforeAll(async () => {
    world = await LiveWorld.start();
    const dir = mkdtempSync(path.join(tmpdir(), "sd-k8s-preflight-"));
    writeFileSync(
      path.join(dir, "kubeconfig"),
      "clusters:\n  - cluster: { server: https://cp:6443 }\n",
    );
    writeFileSync(
      path.join(dir, "Pulumi.k8s.yaml"),
      "config:\n  swiftdeploy:kubeconfigFile: kubeconfig\n  swiftdeploy:kubectl: /usr/bin/true\n  swiftdeploy:namespace: sd\n",
    );
    ctx = {
      projectDir: dir,
      stack: "k8s",
      configFile: path.join(dir, "Pulumi.k8s.yaml"),
      explicitConfigFile: false,
      env: {},
    } as unknown as CliContext;
  });
  afterAll(async () => {
    await world.stop();
    rmSync(ctx.projectDir, { recursive: true, force: true });
  });

  it("checks the API server, the edge nodes and OPA through a port-forward", async () => {
    const results = await kubernetesPreflight(ctx, MANIFEST, () =>
      cluster(world, [edge("w1", true), edge("w2", true)]),
    );
    expect(results).toEqual([
      {
        name: "cluster reachable",
        status: "pass",
        detail: "https://cp:6443 answers: Kubernetes v1.37.2",
      },
      {
        name: "edge nodes ready",
        status: "pass",
        detail: "2 edge node(s) ready: w1 172.31.254.11, w2 172.31.254.12",
      },
      {
        name: "OPA reachable",
        status: "pass",
        detail:
          "pod opa-6d8f-q1 answers through a port-forward; data.swiftdeploy.canary.decision is loaded",
      },
    ]);
  });

  it("fails without a ready edge node, saying how to label one; skips OPA before the first deploy", async () => {
    const results = await kubernetesPreflight(ctx, MANIFEST, () =>
      cluster(
        world,
        [edge("w1", false)],
        [pod("api-stable-a", Role.ApiStable, { version: "1.0.0" })],
      ),
    );
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ["cluster reachable", "pass"],
      ["edge nodes ready", "fail"],
      ["OPA reachable", "skip"],
    ]);
    expect(results[1]?.detail).toBe(
      "no Ready node is labelled swiftdeploy.dev/edge=true (w1 not Ready): Nginx and the detector run only there; label one: kubectl label node <name> swiftdeploy.dev/edge=true",
    );
  });

  it("skips the cluster's checks when the manifest is invalid", async () => {
    const results = await kubernetesPreflight(ctx, undefined);
    expect(results.map((r) => [r.name, r.status, r.detail])).toEqual([
      ["cluster reachable", "skip", "needs a valid manifest"],
      ["edge nodes ready", "skip", "needs a valid manifest"],
      ["OPA reachable", "skip", "needs a valid manifest"],
    ]);
  });
});
