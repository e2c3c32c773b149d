import { describe, expect, it } from "vitest";
import { checkStandIns, isStandIn } from "../../../../cli/engine/stand-ins";

const SANDBOX = "/repo/sandbox/bin";
/** A PATH lookup where the stand-ins named in `standIns` come first, official plugins otherwise. */
const lookup =
  (...standIns: string[]) =>
  (name: string) =>
    standIns.includes(name)
      ? `${SANDBOX}/${name.replace(/^pulumi-/, "")}/${name}`
      : `/opt/pulumi/bin/${name}`;

describe("isStandIn", () => {
  it("knows a sandbox launcher from an official plugin by where it lives", () => {
    expect(isStandIn(`${SANDBOX}/resource-docker/pulumi-resource-docker`)).toBe(true);
    expect(isStandIn("/opt/pulumi/bin/pulumi-resource-docker")).toBe(false);
  });
});

describe("checkStandIns", () => {
  it("lets the local stacks run with the stand-ins: dev (test host) and k8s (sandbox cluster)", () => {
    expect(() => checkStandIns("dev", {}, lookup("pulumi-resource-docker"))).not.toThrow();
    expect(() => checkStandIns("k8s", {}, lookup("pulumi-language-nodejs"))).not.toThrow();
  });

  it("refuses another stack while a stand-in is on PATH, naming it, saying why and what to do", () => {
    expect(() =>
      checkStandIns("prod", {}, lookup("pulumi-language-nodejs", "pulumi-resource-command")),
    ).toThrow(
      /refusing stack "prod": PATH runs the sandbox's stand-ins for pulumi-language-nodejs, pulumi-resource-command[\s\S]*tested only against the local throwaway targets \(stacks dev, k8s\)[\s\S]*SWIFTDEPLOY_ALLOW_STANDINS=1/,
    );
  });

  it("lets another stack run when every plugin is official, or when asked explicitly", () => {
    expect(() => checkStandIns("prod", {}, lookup())).not.toThrow();
    expect(() => checkStandIns("prod", {}, () => undefined)).not.toThrow();
    expect(() =>
      checkStandIns("prod", { SWIFTDEPLOY_ALLOW_STANDINS: "1" }, lookup("pulumi-resource-docker")),
    ).not.toThrow();
  });
});
