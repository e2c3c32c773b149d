import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubernetesLiveStack } from "../../../../../cli/live/kubernetes/kubernetes-live-stack";
import { parsePods } from "../../../../../cli/live/kubernetes/pods";
import { proxyConfigMapName } from "../../../../../cli/live/kubernetes/proxy-config";
import { ErrorCode } from "../../../../../core/errors";
import { Role } from "../../../../../core/roles";
import {
  CONF,
  kubeTwin,
  LiveWorld,
  MANIFEST,
  NAMESPACES,
  pod,
} from "../../../../kit/cli/live-twins";

describe("parsePods", () => {
  it("reads role and version from the labels and health in the Docker containers' words", () => {
    const pods = parsePods({
      items: [
        pod("api-stable-a", Role.ApiStable, { version: "1.0.0" }),
        pod("api-canary-b", Role.ApiCanary, { version: "1.1.0", ready: false }),
        pod("api-canary-c", Role.ApiCanary, { version: "1.1.0", phase: "Pending", ready: false }),
        pod("api-stable-d", Role.ApiStable, { version: "0.9.0", deleting: true }),
        pod("opa-e", Role.Opa, { phase: "Failed", ready: false }),
      ],
    });
    expect(pods.map((p) => [p.name, p.role, p.version, p.running, p.health])).toEqual([
      ["api-canary-b", "api-canary", "1.1.0", true, "starting"],
      ["api-canary-c", "api-canary", "1.1.0", false, "starting"],
      ["api-stable-a", "api-stable", "1.0.0", true, "healthy"],
      ["api-stable-d", "api-stable", "0.9.0", false, "stopping"],
      ["opa-e", "opa", null, false, "failed"],
    ]);
  });

  it("calls a not-ready pod that restarted unhealthy", () => {
    const restarted = pod("api-stable-a", Role.ApiStable, { ready: false });
    const [parsed] = parsePods({
      items: [
        { ...restarted, status: { ...restarted.status, containerStatuses: [{ restartCount: 2 }] } },
      ],
    });
    expect(parsed?.health).toBe("unhealthy");
  });
});

describe("proxyConfigMapName", () => {
  it("finds the content-named nginx.conf ConfigMap among the DaemonSet's volumes", () => {
    const daemonSet = {
      spec: {
        template: {
          spec: {
            volumes: [
              { name: "tmp", emptyDir: {} },
              { name: "other", configMap: { name: "something-else" } },
              { name: "config", configMap: { name: "proxy-config-0a1b2c3d4e" } },
            ],
          },
        },
      },
    };
    expect(proxyConfigMapName(daemonSet)).toBe("proxy-config-0a1b2c3d4e");
  });

  it("has none without a DaemonSet (nothing deployed)", () => {
    expect(proxyConfigMapName(undefined)).toBeUndefined();
  });
});

describe("KubernetesLiveStack", () => {
  let world: LiveWorld;
  beforeAll(async () => {
    world = await LiveWorld.start();
  });
  afterAll(() => world.stop());

  const open = (calls: string[], pods?: unknown[]) =>
    new KubernetesLiveStack(kubeTwin(world, calls, pods), MANIFEST, NAMESPACES, "namespace sd");

  it("reads nginx.conf from the ConfigMap the proxy's DaemonSet mounts", async () => {
    const calls: string[] = [];
    expect(await open(calls).proxyConfig()).toBe(CONF);
    expect(calls).toEqual([
      "GET /apis/apps/v1/namespaces/sd/daemonsets?labelSelector=app.kubernetes.io%2Fname%3Dapi%2Cdev.swiftdeploy.role%3Dproxy",
      "GET /api/v1/namespaces/sd/configmaps/proxy-config-0123456789",
    ]);
  });

  it("reaches an API pod's port through one port-forward, reused", async () => {
    const calls: string[] = [];
    const live = open(calls);
    const canary = (await live.containers()).find((c) => c.role === Role.ApiCanary);
    if (canary === undefined) throw new Error("no canary");
    for (let i = 0; i < 2; i += 1)
      expect((await live.requestApi(canary, "/metrics")).status).toBe(200);
    await live.close();
    expect(calls.filter((c) => c.startsWith("forward"))).toEqual([
      "forward sd/api-canary-7c9d-x2:3000",
    ]);
    expect(calls.slice(-2)).toEqual(["close forward api-canary-7c9d-x2:3000", "close kubectl"]);
  });

  it("drops a forward whose request failed, and opens a new one next time", async () => {
    const calls: string[] = [];
    const live = open(calls, [pod("lost-canary-1", Role.ApiCanary, { version: "1.1.0" })]);
    // The twin forwards an unknown pod to a closed port: the request fails like a dead forward.
    const [gone] = await live.containers();
    if (gone === undefined) throw new Error("no pod");
    await expect(live.requestApi(gone, "/metrics", {}, 1000)).rejects.toThrow();
    await expect(live.requestApi(gone, "/metrics", {}, 1000)).rejects.toThrow();
    expect(calls.filter((c) => c.startsWith("forward"))).toHaveLength(2);
    expect(calls).toContain("close forward lost-canary-1:3000");
    await live.close();
  });

  it("closes the forwards into pods a rollout replaced", async () => {
    const calls: string[] = [];
    const pods = [pod("api-canary-old", Role.ApiCanary, { version: "1.1.0" })];
    const live = open(calls, pods);
    const [old] = await live.containers();
    if (old === undefined) throw new Error("no pod");
    await live.requestApi(old, "/metrics").catch(() => undefined);
    pods.splice(0, 1, pod("api-canary-new", Role.ApiCanary, { version: "1.1.0" }));
    await live.containers();
    expect(calls).toContain("close forward api-canary-old:3000");
    await live.close();
  });

  it("asks OPA in its ready pod through a port-forward to OPA's port", async () => {
    const calls: string[] = [];
    const live = open(calls);
    const decision = await (await live.opa()).queryDecision("swiftdeploy/canary/decision", {});
    await live.close();
    expect(decision.allow).toBe(false);
    expect(calls).toContain("forward sd/opa-6d8f-q1:8181");
  });

  it("says OPA is unreachable (exit 8) when no OPA pod is ready", async () => {
    const live = open([], [pod("opa-1", Role.Opa, { ready: false })]);
    await expect(live.opa()).rejects.toMatchObject({
      code: ErrorCode.PolicyUnreachable,
      message: expect.stringMatching(/^no ready OPA pod in namespace sd \(namespace sd\)/),
    });
    await live.close();
  });

  it("reads the shared ban list from a running detector pod, and says which pods do not run", async () => {
    const calls: string[] = [];
    const live = open(calls);
    expect(await live.detector()).toEqual({
      activeBans: 1,
      recent: [{ ip: "203.0.113.66", rule: "zscore", until: "2026-12-05T09:40:00.000Z" }],
      error: "1 of 2 detector pods run on the edge nodes",
    });
    // Only the running pod is asked, with the detector's own CLI and config.
    expect(calls.filter((c) => c.startsWith("exec"))).toEqual([
      "exec sd-detector/detector-w1: node /opt/swiftdeploy/detector/swiftdeploy-detector.js bans --config /etc/swiftdeploy/detector/detector.json",
    ]);
    await live.close();
  });

  it("merges the running detector pods' audit logs, and runs the operator's verbs in a pod", async () => {
    const calls: string[] = [];
    const live = open(calls);
    const audit = await live.detectorAudit(50);
    expect(audit).toMatchObject({
      error: null,
      file: "/var/lib/swiftdeploy/detector/audit.jsonl in the detector pods (namespace sd-detector)",
    });
    expect(audit.lines).toHaveLength(1);
    expect(calls.at(-1)).toContain("sh -c");
    expect(calls.at(-1)).toContain("/var/lib/swiftdeploy/detector/audit.jsonl 50");
    expect(await live.detectorVerb(["explain", "203.0.113.66"])).toMatchObject({
      ip: "203.0.113.66",
      banned: { rule: "zscore" },
    });
    await expect(live.detectorVerb(["ban", "203.0.113.9"])).rejects.toMatchObject({
      code: ErrorCode.RemoteFailed,
      message: expect.stringMatching(
        /^swiftdeploy-detector on detector pod detector-w1 on node worker-1 failed \(exit 2\): the twin does not answer ban\n/,
      ),
    });
    await live.close();
  });
});
