import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../../core/errors";
import { OpaFailure, decisionError, failedDecision } from "../../../gate/opa-client";
import { RecordingOpaClient } from "../../../gate/recording-opa-client";

describe("decisionError", () => {
  it("is undefined when the decision allows", () => {
    expect(decisionError({ allow: true, reasons: [], document: {} }, "deploy")).toBeUndefined();
  });

  it("carries OPA's reasons under SD_POLICY_DENIED when the policy denies", () => {
    const error = decisionError(
      {
        allow: false,
        reasons: ["Disk free 3.2 GB on /var/lib/docker is below the minimum 10 GB"],
        document: {},
      },
      "deploy onto host1",
    );
    expect(error?.code).toBe(ErrorCode.PolicyDenied);
    expect(error?.message).toBe(
      "OPA denied deploy onto host1:\n  - Disk free 3.2 GB on /var/lib/docker is below the minimum 10 GB",
    );
  });

  it("uses SD_POLICY_UNREACHABLE when OPA gave no decision", () => {
    const error = decisionError(
      failedDecision(OpaFailure.Unreachable, "OPA at x is unreachable"),
      "promote canary",
    );
    expect(error?.code).toBe(ErrorCode.PolicyUnreachable);
    expect(error?.message).toBe(
      "OPA gave no decision, so promote canary is refused:\n  - OPA at x is unreachable",
    );
  });
});

describe("RecordingOpaClient", () => {
  it("records every query and answers from its script", async () => {
    const client = new RecordingOpaClient(({ path }) => ({
      allow: path.includes("canary"),
      reasons: [],
      document: {},
    }));
    expect((await client.queryDecision("swiftdeploy/canary/decision", { a: 1 })).allow).toBe(true);
    expect(
      (await client.queryDecision("swiftdeploy/infrastructure/decision", { b: 2 })).allow,
    ).toBe(false);
    expect(client.queries).toEqual([
      { path: "swiftdeploy/canary/decision", input: { a: 1 } },
      { path: "swiftdeploy/infrastructure/decision", input: { b: 2 } },
    ]);
  });

  it("denies with the given reasons", async () => {
    const decision = await RecordingOpaClient.denying("no").queryDecision("p", {});
    expect(decision).toEqual({
      allow: false,
      reasons: ["no"],
      document: { allow: false, reasons: ["no"] },
    });
  });
});
