import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderOpaData } from "../../components/render/opa-data";
import { PolicySchema } from "../../core/manifest";
import { opaBinary } from "../kit/opa/opa-server";

const POLICIES = path.resolve(__dirname, "../../policies/opa");

/** Evaluates `query` with the real OPA over policies/opa, with no data document at all. */
function evalWithoutData(query: string): unknown {
  const out = execFileSync(
    opaBinary(),
    [
      "eval",
      "--format",
      "json",
      "--stdin-input",
      "--data",
      POLICIES,
      "--ignore",
      "*_test.rego",
      query,
    ],
    {
      input: "{}",
      encoding: "utf8",
    },
  );
  return (JSON.parse(out) as { result: { expressions: { value: unknown }[] }[] }).result[0]
    ?.expressions[0]?.value;
}

describe("the Rego defaults used when OPA has no data document", () => {
  const manifestDefaults = renderOpaData(PolicySchema.parse({})).thresholds;

  it("are the manifest's deploy thresholds", () => {
    expect(evalWithoutData("data.swiftdeploy.infrastructure.decision.thresholds")).toEqual(
      manifestDefaults.deploy,
    );
  });

  it("are the manifest's promotion thresholds", () => {
    expect(evalWithoutData("data.swiftdeploy.canary.decision.thresholds")).toEqual(
      manifestDefaults.promotion,
    );
  });
});
