import { describe, expect, it } from "vitest";
import { ChaosController } from "../../../../api/chaos/chaos-controller";
import { seededRandom } from "../../../../core";
import { postChaos, withApp } from "../../../kit/api/app-kit";

const REQUESTS = 5000;

describe("ChaosController", () => {
  it("passes everything when no chaos is in force", () => {
    const chaos = new ChaosController(() => 0);
    expect([chaos.decide(), chaos.current()]).toEqual([{ kind: "pass" }, { mode: "none" }]);
  });

  it.each([
    [{ mode: "slow", duration: 1, rate: 1 } as const, "slow"],
    [{ mode: "error", rate: 1 } as const, "error"],
    [{ mode: "recover" } as const, "none"],
  ])("after %j the state in force is %s", (request, mode) => {
    const chaos = new ChaosController(() => 0);
    chaos.apply({ mode: "error", rate: 0.5 });
    chaos.apply(request);
    expect(chaos.current().mode).toBe(mode);
  });

  it("fails exactly the draws below the rate", () => {
    const draws = [0.79, 0.8, 0.0, 0.99];
    const chaos = new ChaosController(() => draws.shift() ?? 1);
    chaos.apply({ mode: "error", rate: 0.8 });
    expect(
      [chaos.decide(), chaos.decide(), chaos.decide(), chaos.decide()].map((e) => e.kind),
    ).toEqual(["fail", "pass", "fail", "pass"]);
  });

  it.each([0, 0.01, 0.5, 0.8, 1])(
    "fails a share of %d of many requests within one point",
    (rate) => {
      const chaos = new ChaosController(seededRandom(7));
      chaos.apply({ mode: "error", rate });
      let failed = 0;
      for (let i = 0; i < 20_000; i += 1) if (chaos.decide().kind === "fail") failed += 1;
      expect(Math.abs(failed / 20_000 - rate)).toBeLessThanOrEqual(0.01);
    },
  );
});

describe("chaos through the app", () => {
  // Each request draws exactly once, so the count is the same in whatever order batches run.
  it(
    `answers 500 to 80 % ± 2 % of ${REQUESTS} requests at an error rate of 0.8`,
    { timeout: 60_000 },
    async () => {
      await withApp({ random: seededRandom(42) }, async ({ app }) => {
        await postChaos(app, { mode: "error", rate: 0.8 });
        const statuses: number[] = [];
        for (let sent = 0; sent < REQUESTS; sent += 250) {
          const batch = await Promise.all(
            Array.from({ length: 250 }, () => app.inject({ url: "/" })),
          );
          statuses.push(...batch.map((res) => res.statusCode));
        }
        const errors = statuses.filter((status) => status === 500).length;
        expect(statuses.filter((status) => status !== 500 && status !== 200)).toEqual([]);
        expect(statuses).toHaveLength(REQUESTS);
        expect(errors / REQUESTS).toBeGreaterThanOrEqual(0.78);
        expect(errors / REQUESTS).toBeLessThanOrEqual(0.82);
      });
    },
  );

  it(
    "delays 30 % ± 3 % of 2000 requests at a slow rate of 0.3, each by the duration",
    { timeout: 60_000 },
    async () => {
      await withApp({ random: seededRandom(9) }, async ({ app, sleeps }) => {
        await postChaos(app, { mode: "slow", duration: 0.25, rate: 0.3 });
        for (let i = 0; i < 2000; i += 1) await app.inject({ url: "/" });
        expect(new Set(sleeps)).toEqual(new Set([250]));
        expect(sleeps.length / 2000).toBeGreaterThanOrEqual(0.27);
        expect(sleeps.length / 2000).toBeLessThanOrEqual(0.33);
      });
    },
  );
});
