import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  docker as dockerCli,
  dockerInspect,
  dockerOk,
  removeDockerObjects,
  requireDocker,
  uniqueName,
} from "../../kit/docker/docker";
import type { InlineStack } from "../../kit/pulumi/inline-stack";
import { inlineStack } from "../../kit/pulumi/inline-stack";
import { buildSandbox } from "../../kit/pulumi/pulumi-env";
import { BASE_IMAGE } from "../../kit/docker/sshd-container";

interface ContainerInspect {
  Id: string;
  State: { Running: boolean; Health?: { Status: string } };
  Config: {
    User: string;
    Env: string[];
    Labels: Record<string, string>;
    Healthcheck?: { Test: string[] };
  };
  HostConfig: {
    ReadonlyRootfs: boolean;
    CapDrop: string[];
    CapAdd: string[] | null;
    Memory: number;
    CpuShares: number;
    RestartPolicy: { Name: string };
    Tmpfs: Record<string, string>;
    PortBindings: Record<string, { HostIp: string; HostPort: string }[]>;
  };
  NetworkSettings: { Networks: Record<string, { Aliases: string[] | null }> };
}

const SECRET = `s3cret-${Date.now()}`;

function stateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? stateFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

describe("docker.Container through the real engine", () => {
  const name = uniqueName("ctr");
  const netName = uniqueName("ctr-net");
  const settings = { memory: 64, greeting: "hello", restart: "unless-stopped" };
  let stack: InlineStack;

  beforeAll(async () => {
    await requireDocker();
    buildSandbox();
    stack = await inlineStack("sd-container", async () => {
      const base = new docker.RemoteImage("base", { name: BASE_IMAGE, keepLocally: true });
      const net = new docker.Network("net", { name: netName, internal: true });
      const ctr = new docker.Container("ctr", {
        name,
        image: base.imageId,
        command: ["sh", "-c", "echo ok > /tmp/ready && exec sleep infinity"],
        envs: [pulumi.interpolate`TOKEN=${pulumi.secret(SECRET)}`, `GREETING=${settings.greeting}`],
        user: "65534:65534",
        readOnly: true,
        capabilities: { drops: ["ALL"] },
        memory: settings.memory,
        cpuShares: 256,
        restart: settings.restart,
        tmpfs: { "/tmp": "size=4m,mode=1777" },
        labels: [{ label: "swiftdeploy.test", value: "ctr" }],
        networksAdvanced: [{ name: net.name, aliases: ["web", "www"] }],
        ports: [{ internal: 8080, ip: "127.0.0.1" }],
        healthcheck: {
          tests: ["CMD", "test", "-f", "/tmp/ready"],
          interval: "1s",
          timeout: "2s",
          retries: 5,
        },
        wait: true,
        waitTimeout: 30,
        destroyGraceSeconds: 1,
      });
      return { id: ctr.id, networkDatas: ctr.networkDatas, envs: ctr.envs };
    });
  });
  afterAll(async () => {
    await stack?.destroy();
    await removeDockerObjects({ containers: [name], networks: [netName] });
  });

  it("creates a hardened container, healthy, on its network with aliases, loopback-only port", async () => {
    const result = await stack.up({ debug: true });
    expect(result.log).toMatch(
      new RegExp(
        `running: docker container create --name ${name} --env-file \\S+/env --user 65534:65534`,
      ),
    );
    // (The SDK's own --debug trace of RegisterResource responses does print secrets; not the stand-in's lines.)
    const commandLines = result.log.split("\n").filter((line) => line.includes("running: docker"));
    expect(commandLines.length).toBeGreaterThan(3);
    expect(commandLines.filter((line) => line.includes(SECRET))).toEqual([]);
    const c = await dockerInspect<ContainerInspect>("container", name);
    expect(c?.Id).toBe(result.outputs["id"]?.value);
    expect(c?.State.Health?.Status).toBe("healthy");
    expect(c?.Config.User).toBe("65534:65534");
    expect(c?.Config.Env).toEqual(expect.arrayContaining([`TOKEN=${SECRET}`, "GREETING=hello"]));
    expect(c?.HostConfig.ReadonlyRootfs).toBe(true);
    expect(c?.HostConfig.CapDrop).toEqual(["ALL"]);
    expect(c?.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(c?.HostConfig.CpuShares).toBe(256);
    expect(c?.HostConfig.RestartPolicy.Name).toBe("unless-stopped");
    expect(c?.HostConfig.Tmpfs).toEqual({ "/tmp": "size=4m,mode=1777" });
    expect(c?.HostConfig.PortBindings["8080/tcp"]?.[0]?.HostIp).toBe("127.0.0.1");
    expect(c?.Config.Healthcheck?.Test).toEqual(["CMD-SHELL", "test -f /tmp/ready"]);
    expect(c?.NetworkSettings.Networks[netName]?.Aliases).toEqual(
      expect.arrayContaining(["web", "www"]),
    );
    expect(Object.keys(c?.NetworkSettings.Networks ?? {})).toEqual([netName]);
    expect(result.outputs["networkDatas"]?.value[0].networkName).toBe(netName);
    expect(result.outputs["envs"]?.secret).toBe(true);
  });

  it("keeps the secret env value out of the state files", async () => {
    const stateDir = stack.env.env["PULUMI_BACKEND_URL"]?.replace("file://", "") as string;
    const files = stateFiles(stateDir);
    expect(files.some((f) => readFileSync(f, "utf8").includes(name))).toBe(true);
    expect(files.filter((f) => readFileSync(f, "utf8").includes(SECRET))).toEqual([]);
  });

  it("updates memory and restart policy in place (same container)", async () => {
    const before = await dockerInspect<ContainerInspect>("container", name);
    settings.memory = 96;
    settings.restart = "always";
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ same: 3, update: 1 });
    const after = await dockerInspect<ContainerInspect>("container", name);
    expect(after?.Id).toBe(before?.Id);
    expect(after?.HostConfig.Memory).toBe(96 * 1024 * 1024);
    expect(after?.HostConfig.RestartPolicy.Name).toBe("always");
  });

  it("replaces the container when an env changes (envs force replacement)", async () => {
    const before = await dockerInspect<ContainerInspect>("container", name);
    settings.greeting = "howdy";
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ same: 3, replace: 1 });
    const after = await dockerInspect<ContainerInspect>("container", name);
    expect(after?.Id).not.toBe(before?.Id);
    expect(after?.Config.Env).toContain("GREETING=howdy");
    expect((await dockerCli(["container", "inspect", before?.Id as string])).code).not.toBe(0);
  });

  it("starts a container that was stopped behind its back, after refresh (mustRun)", async () => {
    await dockerOk(["container", "stop", "--time", "1", name]);
    await stack.refresh();
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ same: 3, update: 1 });
    expect((await dockerInspect<ContainerInspect>("container", name))?.State.Running).toBe(true);
  });

  it("removes the container and its network on destroy, and keeps the base image (keepLocally)", async () => {
    await stack.destroy();
    expect(await dockerInspect("container", name)).toBeUndefined();
    expect(await dockerInspect("network", netName)).toBeUndefined();
    expect(await dockerInspect("image", BASE_IMAGE)).toBeDefined();
  });
});

describe("docker.Container with wait: true and a failing healthcheck", () => {
  const name = uniqueName("unhealthy");

  beforeAll(async () => {
    await requireDocker();
    buildSandbox();
  });
  afterAll(async () => {
    await removeDockerObjects({ containers: [name] });
  });

  it("fails the update naming the probe output, yet records the container so destroy removes it", async () => {
    const stack = await inlineStack("sd-unhealthy", async () => {
      new docker.Container("ctr", {
        name,
        image: BASE_IMAGE,
        command: ["sleep", "infinity"],
        healthcheck: {
          tests: ["CMD-SHELL", "echo probe-says-no; exit 1"],
          interval: "1s",
          retries: 1,
        },
        wait: true,
        waitTimeout: 20,
      });
    });
    try {
      await expect(stack.up()).rejects.toThrow(
        /container \w+ is unhealthy \(last probe exit 1: probe-says-no\)/,
      );
      expect((await dockerInspect<ContainerInspect>("container", name))?.State.Running).toBe(true);
    } finally {
      await stack.destroy();
    }
    expect(await dockerInspect("container", name)).toBeUndefined();
  });
});
