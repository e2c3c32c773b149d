import * as docker from "@pulumi/docker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dockerInspect,
  removeDockerObjects,
  requireDocker,
  uniqueName,
} from "../../kit/docker/docker";
import type { InlineStack } from "../../kit/pulumi/inline-stack";
import { inlineStack } from "../../kit/pulumi/inline-stack";
import { buildSandbox } from "../../kit/pulumi/pulumi-env";

interface NetworkInspect {
  Id: string;
  Internal: boolean;
  Labels: Record<string, string>;
  IPAM: { Config: { Subnet: string }[] };
}

describe("docker.Network and docker.Volume through the real engine", () => {
  const netName = uniqueName("net");
  const volName = uniqueName("vol");
  const settings = { label: "one", subnet: "10.231.7.0/24" };
  let stack: InlineStack;

  beforeAll(async () => {
    await requireDocker();
    buildSandbox();
    stack = await inlineStack("sd-net-vol", async () => {
      const net = new docker.Network("net", {
        name: netName,
        internal: true,
        ipamConfigs: [{ subnet: settings.subnet }],
        labels: [{ label: "swiftdeploy.test", value: settings.label }],
      });
      const vol = new docker.Volume("vol", {
        name: volName,
        labels: [{ label: "swiftdeploy.test", value: settings.label }],
      });
      return { netId: net.id, scope: net.scope, mountpoint: vol.mountpoint };
    });
  });
  afterAll(async () => {
    await stack?.destroy();
    await removeDockerObjects({ networks: [netName], volumes: [volName] });
  });

  it("creates an internal network with its subnet and labels, and a volume", async () => {
    const result = await stack.up();
    const net = await dockerInspect<NetworkInspect>("network", netName);
    expect(net?.Id).toBe(result.outputs["netId"]?.value);
    expect(net?.Internal).toBe(true);
    expect(net?.IPAM.Config[0]?.Subnet).toBe("10.231.7.0/24");
    expect(net?.Labels).toEqual({ "swiftdeploy.test": "one" });
    expect(result.outputs["scope"]?.value).toBe("local");
    expect(result.outputs["mountpoint"]?.value).toBe(`/var/lib/docker/volumes/${volName}/_data`);
  });

  it("reports no changes on a second up", async () => {
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ same: 3 });
  });

  it("replaces both when a label changes (every input forces replacement), deleting first for fixed names", async () => {
    const before = await dockerInspect<NetworkInspect>("network", netName);
    settings.label = "two";
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ same: 1, replace: 2 });
    const after = await dockerInspect<NetworkInspect>("network", netName);
    expect(after?.Id).not.toBe(before?.Id);
    expect(after?.Labels).toEqual({ "swiftdeploy.test": "two" });
    expect(
      (await dockerInspect<{ Labels: Record<string, string> }>("volume", volName))?.Labels,
    ).toEqual({ "swiftdeploy.test": "two" });
  });

  it("forgets a network removed behind its back on refresh, and recreates it on the next up", async () => {
    await removeDockerObjects({ networks: [netName] });
    await stack.refresh();
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ same: 2, create: 1 });
    expect((await dockerInspect<NetworkInspect>("network", netName))?.Internal).toBe(true);
  });

  it("deletes both on destroy", async () => {
    await stack.destroy();
    expect(await dockerInspect("network", netName)).toBeUndefined();
    expect(await dockerInspect("volume", volName)).toBeUndefined();
  });
});
