import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../../../core/errors";
import { promoteOnce } from "../../../../cli/promotion/promote-once";
import type { SwiftDeployError } from "../../../../core/errors";
import { decisions, PromotionWorld } from "../../../kit/cli/promotion-kit";

let world: PromotionWorld;
afterEach(() => world.dispose());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: SwiftDeployError) => error,
  );

describe("promote (once)", () => {
  it("refused by OPA: nothing changes, and the error gives OPA's reason and the measured values", async () => {
    world = new PromotionWorld(decisions.reject());
    const before = world.manifestText();
    const error = await failure(promoteOnce(world.deps(), 10));
    expect(error.code).toBe(ErrorCode.PolicyDenied);
    expect(error.message).toBe(
      [
        "OPA refused to promote canary 1.1.0:",
        "  - Error rate 80.00% exceeds maximum 1.00% (160 of 200 requests failed)",
        "  - canary: 200 requests (20.0/s), 160 errors (80.00 %), p99 5.0 ms over 10 s",
        "  - stable: 180 requests (18.0/s), 0 errors (0.00 %), p99 5.0 ms over 10 s",
        "  - nothing was changed: the stack still runs stable 1.0.0 + canary 1.1.0 at 10 %",
      ].join("\n"),
    );
    expect(world.manifestText()).toBe(before);
    expect(world.applier.calls).toEqual([]);
  });

  it("asks OPA about the window's deltas, not totals since start", async () => {
    world = new PromotionWorld(decisions.reject());
    world.apis.canary.serve(5000, 200, 0.003); // served before the window
    await failure(promoteOnce(world.deps(), 10));
    expect(world.opa.queries).toHaveLength(1);
    expect(world.opa.queries[0]?.path).toBe("swiftdeploy/canary/decision");
    expect(world.opa.queries[0]?.input).toMatchObject({
      window_seconds: 10,
      canary: { requests: 200, errors: 160 },
      stable: { requests: 180, errors: 0 },
    });
  });

  it("records the refused check: measured values, thresholds, OPA's verdict and reasons, who and when", async () => {
    world = new PromotionWorld(decisions.reject());
    await failure(promoteOnce(world.deps(), 10));
    expect(world.history.records).toEqual([
      {
        v: 1,
        at: "2026-11-25T10:00:10.000Z",
        stack: "dev",
        actor: "tester@test",
        kind: "promotion-check",
        mode: "once",
        canaryVersion: "1.1.0",
        stableVersion: "1.0.0",
        canary: {
          windowSeconds: 10,
          requests: 200,
          errors: 160,
          requestRate: 20,
          errorRate: 0.8,
          p99Ms: 4.975,
          p99BeyondBuckets: false,
        },
        stable: {
          windowSeconds: 10,
          requests: 180,
          errors: 0,
          requestRate: 18,
          errorRate: 0,
          p99Ms: 4.975,
          p99BeyondBuckets: false,
        },
        thresholds: { max_error_rate: 0.01 },
        decision: {
          allow: false,
          verdict: "reject",
          reasons: ["Error rate 80.00% exceeds maximum 1.00% (160 of 200 requests failed)"],
        },
        outcome: "fail",
      },
    ]);
  });

  it("allowed by OPA: stable becomes the canary's version, the canary goes, one update runs", async () => {
    world = new PromotionWorld(decisions.promote());
    world.canaryErrors = 0;
    const result = await promoteOnce(world.deps(), 10);
    expect(result.release).toEqual({ stable: "1.1.0", canary: null });
    expect(world.applier.calls).toEqual(["promote 1.1.0"]);
    expect(world.manifestText()).toContain('  stable:\n    version: "1.1.0"\n\n# Nginx');
    expect(world.manifestText()).not.toContain("canary:\n    version");
    expect(
      world.history.records.map((r) => [
        r.kind,
        "outcome" in r ? r.outcome : r.kind === "release" ? r.result : "",
      ]),
    ).toEqual([
      ["promotion-check", "promote"],
      ["release", "succeeded"],
    ]);
  });

  it("a hold (too little data) refuses too, saying so", async () => {
    world = new PromotionWorld(decisions.hold());
    const error = await failure(promoteOnce(world.deps(), 10));
    expect(error.code).toBe(ErrorCode.PolicyDenied);
    expect(error.message).toContain(
      "OPA holds canary 1.1.0 (too little data to judge), so it is not promoted:",
    );
    expect(world.applier.calls).toEqual([]);
  });

  it("OPA without an answer refuses with its own code", async () => {
    world = new PromotionWorld({
      allow: false,
      reasons: ["OPA at http://x is unreachable (ECONNREFUSED)"],
      document: {},
      failure: "unreachable",
    });
    const error = await failure(promoteOnce(world.deps(), 10));
    expect(error.code).toBe(ErrorCode.PolicyUnreachable);
    expect(error.message).toContain(
      "OPA gave no decision, so promoting canary 1.1.0 is refused:\n  - OPA at http://x is unreachable (ECONNREFUSED)",
    );
  });

  it("a failed update leaves the edited manifest, records the failure and says how to finish", async () => {
    world = new PromotionWorld(decisions.promote());
    world.applier.failWith = Object.assign(new Error("pulumi up failed"), { code: "x" });
    await expect(promoteOnce(world.deps(), 10)).rejects.toThrow("pulumi up failed");
    const release = world.history.records.find((r) => r.kind === "release");
    expect(release).toMatchObject({
      action: "promote",
      result: "failed",
      error: "pulumi up failed",
      after: { stable: "1.1.0", canary: null },
    });
  });

  it("with no canary there is nothing to promote", async () => {
    world = new PromotionWorld(decisions.promote());
    world.deps().store.change({ kind: "remove-canary" });
    const error = await failure(promoteOnce(world.deps(), 10));
    expect(error.code).toBe(ErrorCode.ReleaseState);
    expect(world.opa.queries).toEqual([]);
  });
});
