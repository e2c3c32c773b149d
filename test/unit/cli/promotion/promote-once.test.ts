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

describe("promote (once) with Nginx's view", () => {
  const edgeWindow = { requests: 220, errors: 40, p99_ms: 30001, p99_beyond_buckets: false };
  const stableWindow = { requests: 180, errors: 0, p99_ms: 4, p99_beyond_buckets: false };

  it("marks the log at both ends, sends Nginx's figures to OPA as `edge` and shows them in the refusal", async () => {
    world = new PromotionWorld(decisions.reject());
    const marks: number[] = [];
    const spans: unknown[] = [];
    const deps = {
      ...world.deps(),
      edge: {
        mark: async () => {
          marks.push(world.clock.now());
          return { bytes: marks.length * 1000, at: world.clock.now() };
        },
        windows: async (from: unknown, to: unknown) => {
          spans.push({ from, to });
          return { canary: edgeWindow, stable: stableWindow, unreadable: 0 };
        },
      },
    };
    const error = await failure(promoteOnce(deps, 10));
    expect(spans).toEqual([
      {
        from: { bytes: 1000, at: Date.parse("2026-11-25T10:00:00Z") },
        to: { bytes: 2000, at: Date.parse("2026-11-25T10:00:10Z") },
      },
    ]);
    expect(world.opa.queries[0]?.input).toMatchObject({
      canary: { requests: 200 },
      edge: { canary: edgeWindow, stable: stableWindow },
    });
    expect(error.message).toContain(
      "canary at Nginx: 220 requests (22.0/s), 40 errors (18.18 %), p99 30001 ms over 10 s",
    );
    expect(world.history.records[0]).toMatchObject({
      edge: { canary: { requests: 220, errors: 40 }, stable: { requests: 180 } },
    });
  });

  it("goes on with the API's view alone when the log cannot be read, saying so", async () => {
    world = new PromotionWorld(decisions.reject());
    const deps = {
      ...world.deps(),
      edge: {
        mark: () => Promise.reject(new Error("no access log at /var/log/x/access.json")),
        windows: () => Promise.reject(new Error("unreachable")),
      },
    };
    await failure(promoteOnce(deps, 10));
    expect(world.opa.queries[0]?.input).not.toHaveProperty("edge");
    expect(world.logs).toContain(
      "Nginx's access log not read: no access log at /var/log/x/access.json",
    );
  });
});
