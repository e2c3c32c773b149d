import { describe, expect, it } from "vitest";
import type { SwiftDeployError } from "../../../../core/errors";
import { applyOverrides, flattenOverrides } from "../../../../core/manifest";
import { parseStackConfig } from "../../../../core/stack-config";
import { manifestWith } from "../../../kit/manifest";

const manifest = manifestWith({});

describe("overrides written by pulumi config set --path", () => {
  it("reads nested objects as dotted names", () => {
    expect(
      flattenOverrides({ host: { user: "deploy", port: "2222" }, "images.nginx": "n:1" }).values,
    ).toEqual({ "host.user": "deploy", "host.port": "2222", "images.nginx": "n:1" });
  });

  it("applies a nested override exactly as its dotted twin", () => {
    const nested = applyOverrides(manifest, {
      host: { user: "deploy", address: "203.0.113.10" },
      policy: { deploy: { maxLoadPerCpu: "4" } },
    });
    const dotted = applyOverrides(manifest, {
      "host.user": "deploy",
      "host.address": "203.0.113.10",
      "policy.deploy.maxLoadPerCpu": "4",
    });
    expect(nested).toEqual(dotted);
    expect(nested.host.user).toBe("deploy");
    expect(nested.policy.deploy.maxLoadPerCpu).toBe(4);
  });

  it("accepts a dotted key and a nested one side by side (the prod stack file plus one --path set)", () => {
    const applied = applyOverrides(manifest, {
      "host.address": "203.0.113.10",
      host: { user: "deploy" },
    });
    expect([applied.host.address, applied.host.user]).toEqual(["203.0.113.10", "deploy"]);
  });

  it("refuses the same field set twice with different values, naming it", () => {
    expect(() =>
      applyOverrides(manifest, { "host.user": "root", host: { user: "deploy" } }),
    ).toThrow(/"host\.user": set twice \("root" and "deploy"\)/);
  });

  it("refuses lists and names unknown nested fields like dotted ones", () => {
    const error = (() => {
      try {
        applyOverrides(manifest, { host: { users: ["a"] } } as never);
      } catch (e) {
        return e as SwiftDeployError;
      }
      throw new Error("expected a failure");
    })();
    expect(error.message).toContain(
      '"host.users": expected text, a number, true/false or an object of them, found a list',
    );
  });

  it("lets the stack config hold nested overrides", () => {
    const config = parseStackConfig(
      { overrides: { host: { user: "deploy" } }, sshPrivateKeyFile: "k" },
      "prod",
    );
    expect(config.overrides).toEqual({ host: { user: "deploy" } });
  });
});
