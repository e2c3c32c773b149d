import type { ResourceHandler } from "../../../../sandbox/providers/shared/resource-handler";
import { ProgramInfo, RunRequest } from "@pulumi/pulumi/proto/language_pb";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runProgram } from "../../../../sandbox/language-host/run-program";
import { dispatchingProvider } from "../../../../sandbox/providers/shared/resource-handler";
import { stackOfUrn, standInRefusal } from "../../../../sandbox/shared/stand-in-guard";

const ALLOW = { SWIFTDEPLOY_ALLOW_STANDINS: "1" };
const NETWORK = "docker:index/network:Network";
const urn = (stack: string) => `urn:pulumi:${stack}::swiftdeploy::${NETWORK}::net`;

describe("standInRefusal", () => {
  it("lets the local stacks use the stand-ins: dev (the test host) and k8s (the sandbox cluster)", () => {
    expect(standInRefusal("pulumi-resource-docker", "dev", {})).toBeUndefined();
    expect(standInRefusal("pulumi-language-nodejs", "k8s", {})).toBeUndefined();
  });

  it("refuses any other stack, saying why and what to do", () => {
    expect(standInRefusal("pulumi-resource-docker", "prod", {})).toBe(
      'pulumi-resource-docker is a SwiftDeploy sandbox stand-in and refuses stack "prod": the stand-ins implement a subset of the official plugin and are tested only against the local throwaway targets (stacks dev, k8s). Install the official plugin (scripts/env.sh then leaves the stand-ins off PATH), or set SWIFTDEPLOY_ALLOW_STANDINS=1 to use them for "prod" anyway.',
    );
  });

  it("lets any stack use them when asked explicitly", () => {
    expect(standInRefusal("pulumi-resource-docker", "prod", ALLOW)).toBeUndefined();
    expect(
      standInRefusal("pulumi-resource-docker", "prod", { SWIFTDEPLOY_ALLOW_STANDINS: "yes" }),
    ).toBeDefined();
  });

  it("reads the stack from a resource URN", () => {
    expect(stackOfUrn(urn("prod-eu"))).toBe("prod-eu");
    expect(stackOfUrn("urn:pulumi:dev::p::a:b:C$d:e:F::x")).toBe("dev");
  });
});

describe("the stand-in providers", () => {
  const handler: ResourceHandler = {
    token: NETWORK,
    check: async (_ctx, _olds, news) => ({ inputs: news }),
    diff: async () => ({}),
    create: async () => ({ id: "id", outs: {} }),
    read: async (_ctx, id) => ({ id, props: {} }),
    update: async () => ({ outs: {} }),
    delete: async () => undefined,
  };
  const quiet = () => ({ debug: () => {}, info: () => {}, warn: () => {} });

  it("refuse every call on a resource of a non-dev stack", async () => {
    const provider = dispatchingProvider("docker", "5.2.0", [handler], quiet, {});
    await expect(provider.check!(urn("prod"), {}, { name: "n" })).rejects.toThrow(
      'pulumi-resource-docker is a SwiftDeploy sandbox stand-in and refuses stack "prod"',
    );
    await expect(provider.delete!("id", urn("prod"), {})).rejects.toThrow('refuses stack "prod"');
  });

  it("serve the dev stack, and another when asked explicitly", async () => {
    const strict = dispatchingProvider("docker", "5.2.0", [handler], quiet, {});
    await expect(strict.check!(urn("dev"), {}, { name: "n" })).resolves.toEqual({
      inputs: { name: "n" },
    });
    const allowed = dispatchingProvider("docker", "5.2.0", [handler], quiet, ALLOW);
    await expect(allowed.create!(urn("prod"), {})).resolves.toEqual({ id: "id", outs: {} });
  });
});

describe("the stand-in language host", () => {
  it("refuses to run the program of a non-dev stack, before starting it", async () => {
    const dir = path.resolve(__dirname, "../../../fixtures/smoke-program");
    const info = new ProgramInfo()
      .setRootDirectory(dir)
      .setProgramDirectory(dir)
      .setEntryPoint(".");
    const req = new RunRequest().setProject("p").setStack("prod").setPwd(dir).setInfo(info);
    const response = await runProgram(req, undefined, new AbortController().signal, {});
    expect(response.getError()).toContain(
      'pulumi-language-nodejs is a SwiftDeploy sandbox stand-in and refuses stack "prod"',
    );
  });
});
