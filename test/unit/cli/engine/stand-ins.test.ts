import { describe, expect, it } from "vitest";
import { checkStandIns, isStandIn, standInDirs } from "../../../../cli/engine/stand-ins";

const SANDBOX = "/repo/sandbox/bin";
const PIECES = ["language-nodejs", "resource-docker", "resource-command"];
/** What scripts/env.sh declares when it puts the three stand-ins on PATH. */
const DECLARED = { SWIFTDEPLOY_STAND_IN_DIRS: PIECES.map((p) => `${SANDBOX}/${p}`).join(":") };
/** A PATH lookup where the stand-ins named in `standIns` come first, official plugins otherwise. */
const lookup =
  (...standIns: string[]) =>
  (name: string) =>
    standIns.includes(name)
      ? `${SANDBOX}/${name.replace(/^pulumi-/, "")}/${name}`
      : `/opt/pulumi/bin/${name}`;

describe("isStandIn", () => {
  it("knows a stand-in by the folders scripts/env.sh declared, not by where it lives", () => {
    const dirs = standInDirs(DECLARED);
    expect(isStandIn(`${SANDBOX}/resource-docker/pulumi-resource-docker`, dirs)).toBe(true);
    expect(isStandIn("/opt/pulumi/bin/pulumi-resource-docker", dirs)).toBe(false);
    expect(isStandIn(`${SANDBOX}/resource-docker/pulumi-resource-docker`, standInDirs({}))).toBe(
      false,
    );
  });
});

describe("checkStandIns", () => {
  it("lets the local stacks run with the stand-ins: dev (test host) and k8s (sandbox cluster)", () => {
    expect(() => checkStandIns("dev", DECLARED, lookup("pulumi-resource-docker"))).not.toThrow();
    expect(() => checkStandIns("k8s", DECLARED, lookup("pulumi-language-nodejs"))).not.toThrow();
  });

  it("refuses another stack while a stand-in is on PATH, naming it, saying why and what to do", () => {
    expect(() =>
      checkStandIns("prod", DECLARED, lookup("pulumi-language-nodejs", "pulumi-resource-command")),
    ).toThrow(
      /refusing stack "prod": PATH runs the stand-ins for pulumi-language-nodejs, pulumi-resource-command[\s\S]*tested only against the local throwaway targets \(stacks dev, k8s\)[\s\S]*SWIFTDEPLOY_ALLOW_STANDINS=1/,
    );
  });

  it("lets another stack run when every plugin is official, or when asked explicitly", () => {
    expect(() => checkStandIns("prod", DECLARED, lookup())).not.toThrow();
    expect(() => checkStandIns("prod", DECLARED, () => undefined)).not.toThrow();
    expect(() =>
      checkStandIns(
        "prod",
        { ...DECLARED, SWIFTDEPLOY_ALLOW_STANDINS: "1" },
        lookup("pulumi-resource-docker"),
      ),
    ).not.toThrow();
  });
});
