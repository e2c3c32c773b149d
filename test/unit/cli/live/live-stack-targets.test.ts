import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendChaos } from "../../../../cli/live/chaos";
import type { LiveStack } from "../../../../cli/live/live-stack";
import { liveMetricsSource, trackContainer } from "../../../../cli/live/metrics-source";
import { liveStatusProbe } from "../../../../cli/live/status-probe";
import { StatusCollector } from "../../../../cli/status/status-collector";
import { ErrorCode } from "../../../../core/errors";
import { LiveWorld, TOKEN, TWINS } from "../../../kit/cli/live-twins";

// What the verbs rely on holds on both targets: the same world (two API tracks, OPA, Nginx's
// config) reached through a Docker host's SSH twin and through a kubectl twin.
describe.each(TWINS)("the live stack on $target", ({ open }) => {
  let world: LiveWorld;
  beforeAll(async () => {
    world = await LiveWorld.start();
  });
  afterAll(() => world.stop());

  const withLive = async <T>(fn: (live: LiveStack, calls: string[]) => Promise<T>): Promise<T> => {
    const calls: string[] = [];
    const live = open(world, calls);
    try {
      return await fn(live, calls);
    } finally {
      await live.close();
    }
  };

  it("lists both API tracks with their versions and health, and the proxy", async () => {
    const containers = await withLive((live) => live.containers());
    expect(
      containers
        .filter((c) => c.role.startsWith("api-"))
        .map((c) => [c.role, c.version, c.running, c.health]),
    ).toEqual([
      ["api-canary", "1.1.0", true, "healthy"],
      ["api-stable", "1.0.0", true, "healthy"],
    ]);
    expect(containers.some((c) => c.role === "proxy")).toBe(true);
  });

  it("status shows the split Nginx runs, per-version numbers over the window and OPA's verdict", async () => {
    const snapshot = await withLive(async (live) => {
      const collector = new StatusCollector(liveStatusProbe(live, world.clock), 10, () =>
        world.clock.now(),
      );
      await collector.collect();
      world.apis.stable.serve(60, 200, 0.002);
      world.apis.canary.serve(10, 500, 0.002).serve(10, 200, 0.002);
      world.clock.advance(3000);
      return collector.collect();
    });
    expect(snapshot.mode).toBe("canary 1.1.0 at 25 %");
    expect(snapshot.weights).toEqual({ stable: 75, canary: 25 });
    expect(
      snapshot.versions.map((v) => [v.track, v.version, v.weight, v.stats?.requests, v.error]),
    ).toEqual([
      ["stable", "1.0.0", 75, 60, null],
      ["canary", "1.1.0", 25, 20, null],
    ]);
    expect(snapshot.versions[1]?.stats?.errorRate).toBe(0.5);
    expect(snapshot.policy).toMatchObject({
      allow: false,
      verdict: "reject",
      reasons: ["Error rate 50.00% exceeds maximum 1.00% (10 of 20 requests failed)"],
    });
    expect(world.opaInputs.length).toBeGreaterThan(0);
  });

  it("promote scrapes the workload of each track at the manifest's version", async () => {
    world.apis.canary.serve(3, 200, 0.002);
    const scrape = await withLive((live) => liveMetricsSource(live, world.clock).scrape("canary"));
    expect(scrape.at).toBe(world.clock.now());
    expect(scrape.text).toMatch(
      /^http_requests_total\{method="GET",path="\/",status_code="200"\} \d+$/m,
    );
  });

  it("chaos reaches the canary's workload with the stack's token, on its private path", async () => {
    const before = world.chaos.length;
    const state = await withLive(async (live) => {
      const canary = trackContainer(await live.containers(), "canary", "1.1.0");
      if (canary === undefined) throw new Error("no canary");
      return sendChaos(live, canary, TOKEN, { mode: "error", rate: 0.8 });
    });
    expect(state).toEqual({ mode: "error", rate: 0.8 });
    expect(world.chaos.slice(before)).toEqual([
      { backend: "canary", body: { mode: "error", rate: 0.8 } },
    ]);
  });

  it("chaos with a stale token is refused with the API's answer and what to do", async () => {
    const error = await withLive(async (live) => {
      const canary = trackContainer(await live.containers(), "canary", "1.1.0");
      if (canary === undefined) throw new Error("no canary");
      return sendChaos(live, canary, "stale", { mode: "recover" }).catch((e: unknown) => e);
    });
    expect(error).toMatchObject({ code: ErrorCode.RemoteFailed });
    expect((error as Error).message).toMatch(/refused POST \/chaos with HTTP 401: bad token/);
    expect((error as Error).message).toContain("the stack output chaosToken is stale");
  });

  it("closes its connection when done", async () => {
    const calls = await withLive(async (live, calls) => {
      await live.containers();
      return calls;
    });
    expect(calls.at(-1)).toMatch(/^close/);
  });
});
