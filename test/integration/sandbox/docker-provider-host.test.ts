import * as docker from "@pulumi/docker";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
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
import type { SshdFixture } from "../../kit/docker/sshd-container";
import { startSshd } from "../../kit/docker/sshd-container";

describe("the docker provider's host setting", () => {
  const netName = uniqueName("ssh-net");
  const keyDir = mkdtempSync(path.join(tmpdir(), "sd-docker-ssh-key-"));
  const settings = { host: "" };
  let sshd: SshdFixture;
  let stack: InlineStack;

  beforeAll(async () => {
    await requireDocker();
    buildSandbox();
    sshd = await startSshd("docker-host", { dockerOverSsh: true });
    writeFileSync(path.join(keyDir, "id"), sshd.privateKey, { mode: 0o600 });
    settings.host = `ssh://root@${sshd.host}`;
    stack = await inlineStack("sd-docker-host", async () => {
      const remote = new docker.Provider("remote", {
        host: settings.host,
        sshOpts: [
          "-o",
          "StrictHostKeyChecking=no",
          "-o",
          "UserKnownHostsFile=/dev/null",
          "-i",
          path.join(keyDir, "id"),
        ],
      });
      const net = new docker.Network("net", { name: netName }, { provider: remote });
      return { netId: net.id };
    });
  });
  afterAll(async () => {
    await stack?.destroy().catch(() => undefined);
    await removeDockerObjects({ networks: [netName] });
    await sshd?.remove();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it("drives the engine over ssh://user@host with the provider's sshOpts", async () => {
    const result = await stack.up({ debug: true });
    expect(result.log).toContain(
      `running: docker -H ssh://root@${sshd.host} network create --driver bridge ${netName}`,
    );
    expect((await dockerInspect<{ Id: string }>("network", netName))?.Id).toBe(
      result.outputs["netId"]?.value,
    );
  });

  it("deletes through the same host on destroy", async () => {
    await stack.destroy();
    expect(await dockerInspect("network", netName)).toBeUndefined();
  });

  it("honours docker:host from stack config for the default provider, failing there by name", async () => {
    const failing = await inlineStack("sd-docker-confighost", async () => {
      new docker.Network("net", { name: netName });
    });
    try {
      await failing.stack.setConfig("docker:host", { value: "tcp://127.0.0.1:1" });
      await expect(failing.up()).rejects.toThrow(/docker -H tcp:\/\/127\.0\.0\.1:1 network create/);
    } finally {
      await failing.destroy();
    }
  });

  it("fails naming the host when no engine answers there", async () => {
    settings.host = "tcp://127.0.0.1:1";
    const failing = await inlineStack("sd-docker-badhost", async () => {
      const remote = new docker.Provider("remote", { host: settings.host });
      new docker.Network("net", { name: netName }, { provider: remote });
    });
    try {
      await expect(failing.up()).rejects.toThrow(
        /docker -H tcp:\/\/127\.0\.0\.1:1 network create[^\n]*failed \(exit 1\): .*127\.0\.0\.1:1/,
      );
    } finally {
      await failing.destroy();
    }
  });
});
