import { afterEach, describe, expect, it } from "vitest";
import type { SwiftDeployError } from "../../../../core/errors";
import { ErrorCode } from "../../../../core/errors";
import type { CheckRecord } from "../../../../cli/history/history-record";
import { watchPromotion } from "../../../../cli/promotion/watch";
import { decisions, PromotionWorld } from "../../../kit/cli/promotion-kit";

let world: PromotionWorld;
afterEach(() => world.dispose());

const options = { windowSeconds: 10, intervalSeconds: 5, failures: 2, timeoutSeconds: 600 };
const checks = () =>
  world.history.records.filter((r): r is CheckRecord => r.kind === "promotion-check");
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the watch to fail");
    },
    (error: SwiftDeployError) => error,
  );

describe("promote --watch", () => {
  it("rolls back after N failed checks in a row; holds in between are not counted", async () => {
    world = PromotionWorld.answering(
      decisions.reject(),
      decisions.hold(),
      decisions.hold(),
      decisions.reject(),
    );
    const error = await failure(watchPromotion(world.deps(), options));
    expect(error.code).toBe(ErrorCode.RolledBack);
    expect(error.message).toContain(
      "canary 1.1.0 was rolled back after 2 failed checks in a row: Error rate 80.00% exceeds maximum 1.00% (160 of 200 requests failed)",
    );
    expect(error.message).toContain("the stack now runs stable 1.0.0");
    expect(checks().map((c) => c.outcome)).toEqual(["fail", "hold", "hold", "fail"]);
    expect(world.applier.calls).toEqual([
      "rollback: canary 1.1.0 weight 0",
      "rollback: remove canary 1.1.0",
    ]);
    expect(world.manifestText()).not.toContain("canary:\n    version");
    expect(world.logs).toContain(
      "failed check 1/2: Error rate 80.00% exceeds maximum 1.00% (160 of 200 requests failed)",
    );
    expect(world.logs.filter((l) => l.startsWith("hold (not counted)"))).toHaveLength(2);
  });

  it("records both rollback steps with the reason", async () => {
    world = PromotionWorld.answering(decisions.reject());
    await failure(watchPromotion(world.deps(), options));
    const releases = world.history.records.filter((r) => r.kind === "release");
    expect(releases).toMatchObject([
      {
        action: "rollback",
        after: { stable: "1.0.0", canary: { version: "1.1.0", weight: 0 } },
        result: "succeeded",
      },
      { action: "rollback", after: { stable: "1.0.0", canary: null }, result: "succeeded" },
    ]);
    expect(releases[0]).toMatchObject({
      reason: expect.stringMatching(
        /^2 failed checks in a row: Error rate 80\.00%.*\(step 1: canary weight 0\)$/,
      ),
    });
  });

  it("promotes as soon as a check passes, before the failure limit", async () => {
    world = PromotionWorld.answering(decisions.reject(), decisions.promote());
    const result = await watchPromotion(world.deps(), { ...options, failures: 3 });
    expect(result.release).toEqual({ stable: "1.1.0", canary: null });
    expect(world.applier.calls).toEqual(["promote 1.1.0"]);
    expect(checks().map((c) => c.outcome)).toEqual(["fail", "promote"]);
  });

  it("checks only full windows: the first check waits a window, later ones slide by the interval", async () => {
    world = PromotionWorld.answering(decisions.reject());
    await failure(watchPromotion(world.deps(), options));
    const windows = world.opa.queries.map(
      (q) => (q.input as { window_seconds: number }).window_seconds,
    );
    expect(windows).toEqual([10, 10]);
    expect(checks().map((c) => c.at)).toEqual([
      "2026-11-25T10:00:10.000Z",
      "2026-11-25T10:00:15.000Z",
    ]);
    expect(world.logs).toContain("collecting: 5 s of 10 s");
  });

  it("gives up after the timeout without changing anything when OPA only holds", async () => {
    world = PromotionWorld.answering(decisions.hold());
    const before = world.manifestText();
    const error = await failure(watchPromotion(world.deps(), { ...options, timeoutSeconds: 60 }));
    expect(error.code).toBe(ErrorCode.TimedOut);
    expect(error.message).toContain(
      "no promotion decision for canary 1.1.0 within 60 s (0 failed checks)",
    );
    expect(world.manifestText()).toBe(before);
    expect(world.applier.calls).toEqual([]);
    expect(checks()).toHaveLength(11);
  });

  it("does not count a check OPA could not answer", async () => {
    const none = {
      allow: false,
      reasons: ["OPA at http://x is unreachable"],
      document: {},
      failure: "unreachable" as const,
    };
    world = PromotionWorld.answering(decisions.reject(), none, none, decisions.promote());
    const result = await watchPromotion(world.deps(), options);
    expect(result.release.stable).toBe("1.1.0");
    expect(checks().map((c) => c.outcome)).toEqual(["fail", "error", "error", "promote"]);
  });
});
