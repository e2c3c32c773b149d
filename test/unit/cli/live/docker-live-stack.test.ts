import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DockerLiveStack } from "../../../../cli/live/docker-live-stack";
import { ErrorCode } from "../../../../core/errors";
import { CONF, hostTwin, LiveWorld, MANIFEST } from "../../../kit/cli/live-twins";

describe("DockerLiveStack", () => {
  let world: LiveWorld;
  beforeAll(async () => {
    world = await LiveWorld.start();
  });
  afterAll(() => world.stop());

  const open = (calls: string[]) => new DockerLiveStack(hostTwin(world, calls), MANIFEST, "root@h");

  it("reads nginx.conf from the stack's folder on the host", async () => {
    const calls: string[] = [];
    expect(await open(calls).proxyConfig()).toBe(CONF);
    expect(calls).toEqual(["exec { cat '/etc/swiftdeploy/api/nginx/nginx.conf'"]);
  });

  it("reaches a container through an SSH forward to its address on the stack's network", async () => {
    const calls: string[] = [];
    const live = open(calls);
    const stable = (await live.containers()).find((c) => c.role === "api-stable");
    if (stable === undefined) throw new Error("no stable");
    expect((await live.requestApi(stable, "/metrics")).status).toBe(200);
    expect(calls).toContain("forward 172.18.0.2:3000");
  });

  it("refuses a container without an address", async () => {
    const live = open([]);
    const lost = {
      name: "api-canary-1.1.0",
      role: "api-canary",
      version: "1.1.0",
      address: null,
      running: true,
      health: "healthy",
    };
    expect(() => live.requestApi(lost, "/metrics")).toThrow(
      expect.objectContaining({
        code: ErrorCode.RemoteFailed,
        message: "container api-canary-1.1.0 has no network address",
      }),
    );
  });

  it("reads the detector's bans from its dashboard on the host's loopback, and its audit log", async () => {
    const calls: string[] = [];
    const live = open(calls);
    expect(await live.detector()).toEqual({
      activeBans: 1,
      recent: [{ ip: "203.0.113.7", rule: "client-rate", until: null }],
      error: null,
    });
    expect(calls).toContain("forward 127.0.0.1:9180");
    expect((await live.detectorAudit()).lines).toEqual(['{"event":"ban","ip":"203.0.113.7"}']);
  });

  it("reads the root-only audit log through sudo -n when host.user is not root", async () => {
    const calls: string[] = [];
    const asDeploy = { ...MANIFEST, host: { ...MANIFEST.host, user: "deploy" } };
    const live = new DockerLiveStack(hostTwin(world, calls), asDeploy, "deploy@h");
    expect((await live.detectorAudit()).lines).toEqual(['{"event":"ban","ip":"203.0.113.7"}']);
    expect(calls.find((c) => c.includes("audit.jsonl"))).toMatch(
      /^exec \{ sudo -n sh -c 'test -e /,
    );
    const asRootCalls: string[] = [];
    await open(asRootCalls).detectorAudit();
    expect(asRootCalls.find((c) => c.includes("audit.jsonl"))).toMatch(/^exec \{ test -e /);
  });
});
