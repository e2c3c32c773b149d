import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { describe, expect, it } from "vitest";
import {
  findSecretPaths,
  isSecretAt,
  recordSecretPaths,
} from "../../../../../policies/crossguard/lib/secret-marks";

const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

describe("findSecretPaths", () => {
  it("finds marked values at any depth, in lists and maps", () => {
    const raw = {
      envs: ["A=1", secret("B=2")],
      environment: { TOKEN: secret("x") },
      labels: secret([]),
    };
    expect(findSecretPaths(raw)).toEqual([["envs", 1], ["environment", "TOKEN"], ["labels"]]);
  });

  it("finds none in plain values", () => {
    expect(findSecretPaths({ a: [1, "x", { b: null }] })).toEqual([]);
  });
});

describe("isSecretAt", () => {
  it("answers for the path and everything under a secret", () => {
    const props = {};
    recordSecretPaths(props, [["envs", 1], ["labels"]]);
    expect(isSecretAt(props, ["envs", 1])).toBe(true);
    expect(isSecretAt(props, ["envs", 0])).toBe(false);
    expect(isSecretAt(props, ["labels", 3])).toBe(true);
    expect(isSecretAt(props, ["envs"])).toBe(false);
  });

  it("knows nothing secret about props it never saw", () => {
    expect(isSecretAt({}, ["envs", 0])).toBe(false);
  });
});
