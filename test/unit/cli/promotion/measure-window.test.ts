import { afterEach, describe, expect, it } from "vitest";
import type { MeasureProgress } from "../../../../cli/promotion/measure-progress";
import { describeProgress } from "../../../../cli/promotion/measure-window";
import { promoteOnce } from "../../../../cli/promotion/promote-once";
import type { PromotionDeps } from "../../../../cli/promotion/promotion-deps";
import { decisions, PromotionWorld } from "../../../kit/cli/promotion-kit";

let world: PromotionWorld;
afterEach(() => world.dispose());

/** The world's deps with a progress listener, counting the canary's scrapes. */
function listening(w: PromotionWorld) {
  const seen: MeasureProgress[] = [];
  const scrapes = { canary: 0 };
  const deps = w.deps();
  const withProgress: PromotionDeps = {
    ...deps,
    metrics: {
      scrape: (track) => {
        if (track === "canary") scrapes.canary += 1;
        return deps.metrics.scrape(track);
      },
    },
    progress: (p) => seen.push(p),
  };
  return { deps: withProgress, seen, scrapes };
}

describe("promote: progress while the window is measured", () => {
  it("reports every 5 s how far the window is and the canary's requests, errors and p99 so far", async () => {
    world = new PromotionWorld(decisions.promote());
    const { deps, seen } = listening(world);
    await promoteOnce(deps, 20, 5);
    expect(seen.map(describeProgress)).toEqual([
      "measuring 5 of 20 s: canary 100 requests (20.0/s), 80 errors (80.00 %), p99 5.0 ms",
      "measuring 10 of 20 s: canary 200 requests (20.0/s), 160 errors (80.00 %), p99 5.0 ms",
      "measuring 15 of 20 s: canary 300 requests (20.0/s), 240 errors (80.00 %), p99 5.0 ms",
    ]);
  });

  it("asks OPA about the same window as without progress", async () => {
    const inputOf = async (progress: boolean) => {
      const w = new PromotionWorld(decisions.reject());
      try {
        await promoteOnce(progress ? listening(w).deps : w.deps(), 20, 5).catch(() => undefined);
        return w.opa.queries[0]?.input;
      } finally {
        w.dispose();
      }
    };
    world = new PromotionWorld(decisions.reject());
    const [quiet, reported] = [await inputOf(false), await inputOf(true)];
    expect(reported).toEqual(quiet);
    expect(quiet).toMatchObject({ window_seconds: 20, canary: { requests: 400, errors: 320 } });
  });

  it("ends the window on time when it is not a multiple of the step", async () => {
    world = new PromotionWorld(decisions.promote());
    const { deps, seen } = listening(world);
    const started = world.clock.now();
    await promoteOnce(deps, 12, 5);
    expect(seen.map((p) => p.elapsedSeconds)).toEqual([5, 10]);
    expect(world.opa.queries[0]?.input).toMatchObject({ window_seconds: 12 });
    expect(world.history.records[0]).toMatchObject({
      at: new Date(started + 12_000).toISOString(),
    });
  });

  it("scrapes nothing extra without a listener (--json)", async () => {
    world = new PromotionWorld(decisions.promote());
    const { deps, scrapes } = listening(world);
    const { progress: _ignored, ...quiet } = deps;
    await promoteOnce(quiet, 20, 5);
    expect(scrapes.canary).toBe(2);
  });

  it("reports a failed scrape and keeps measuring: the window's end decides", async () => {
    world = new PromotionWorld(decisions.promote());
    const { deps, seen } = listening(world);
    let calls = 0;
    const flaky: PromotionDeps = {
      ...deps,
      metrics: {
        scrape: (track) => {
          calls += track === "canary" ? 1 : 0;
          if (track === "canary" && calls === 2) {
            return Promise.reject(new Error("cannot read /metrics of api-canary-1.1.0\ndetails"));
          }
          return deps.metrics.scrape(track);
        },
      },
    };
    const result = await promoteOnce(flaky, 10, 5);
    expect(seen.map(describeProgress)).toEqual([
      "measuring 5 of 10 s: canary not read (cannot read /metrics of api-canary-1.1.0)",
    ]);
    expect(result.check.canary.requests).toBe(200);
  });
});
