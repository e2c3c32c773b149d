// The chain is real: the plain `pulumi` CLI (scripts/env.sh PATH) runs a TypeScript program that
// builds an image, creates a network and a container, and runs a command over SSH; a CrossGuard
// pack judges it; then the same program runs inline through the Automation API.
import * as pulumi from "@pulumi/pulumi";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smokeProgram } from "../fixtures/smoke-program/program";
import {
  dockerInspect,
  dockerObjectsNamed,
  removeDockerObjects,
  requireDocker,
  uniqueName,
} from "../kit/docker/docker";
import { inlineStack } from "../kit/pulumi/inline-stack";
import { pulumi as runPulumi, pulumiOk } from "../kit/pulumi/pulumi-cli";
import type { PulumiEnv } from "../kit/pulumi/pulumi-env";
import { buildSandbox, pulumiEnv } from "../kit/pulumi/pulumi-env";
import { REPO_ROOT } from "../kit/repo-root";
import type { SshdFixture } from "../kit/docker/sshd-container";
import { BASE_IMAGE, startSshd } from "../kit/docker/sshd-container";

const PROGRAM = path.join(REPO_ROOT, "test/fixtures/smoke-program");
const POLICY_PACK = path.join(REPO_ROOT, "test/fixtures/smoke-policy-pack");
const POLICY_MESSAGE = "containers must run with a read-only root filesystem: set readOnly: true";

interface ContainerInspect {
  State: { Running: boolean };
  HostConfig: { ReadonlyRootfs: boolean };
  NetworkSettings: { Networks: Record<string, { Aliases: string[] | null }> };
}

/** Wall-clock durations of the CLI runs, printed at the end for the report. */
const timings: Record<string, number> = {};

describe("smoke: the plain pulumi CLI in the program's folder, against real Docker and SSH", () => {
  const prefix = uniqueName("smoke");
  const stack = "smoke";
  let sshd: SshdFixture;
  let env: PulumiEnv;
  let configFile: string;
  const cli = (args: string[], input?: string) =>
    runPulumi(env, PROGRAM, [...args, "--stack", stack, "--config-file", configFile], input);
  const cliOk = (args: string[], input?: string) =>
    pulumiOk(env, PROGRAM, [...args, "--stack", stack, "--config-file", configFile], input);

  beforeAll(async () => {
    await requireDocker();
    buildSandbox();
    sshd = await startSshd("smoke");
    env = pulumiEnv("smoke");
    configFile = path.join(
      mkdtempSync(path.join(tmpdir(), "sd-smoke-config-")),
      "Pulumi.smoke.yaml",
    );
    await pulumiOk(env, PROGRAM, ["stack", "init", stack]);
    await cliOk(["config", "set", "prefix", prefix]);
    await cliOk(["config", "set", "baseImage", BASE_IMAGE]);
    await cliOk(["config", "set", "sshHost", sshd.host]);
    await cliOk(["config", "set", "--secret", "--raw", "sshPrivateKey"], sshd.privateKey);
  });
  afterAll(async () => {
    if (env) await cli(["destroy", "--yes"]);
    await removeDockerObjects({
      containers: [`${prefix}-app`],
      networks: [`${prefix}-net`],
      images: [`${prefix}-app:smoke`],
    });
    await sshd?.remove();
    env?.cleanup();
    if (configFile) rmSync(path.dirname(configFile), { recursive: true, force: true });
    console.log(`smoke timings (ms): ${JSON.stringify(timings)}`);
  });

  it("pulumi up creates the image, network, container and runs the remote command", async () => {
    const up = await cliOk(["up", "--yes"]);
    timings["up (cold)"] = up.ms;
    expect(up.output).toContain("using pulumi-language-nodejs from $PATH");
    expect(up.output).toContain("using pulumi-resource-docker from $PATH");
    const container = await dockerInspect<ContainerInspect>("container", `${prefix}-app`);
    expect(container?.State.Running).toBe(true);
    expect(container?.HostConfig.ReadonlyRootfs).toBe(true);
    expect(container?.NetworkSettings.Networks[`${prefix}-net`]?.Aliases).toContain("app");
    expect(await dockerInspect("image", `${prefix}-app:smoke`)).toBeDefined();
    const outputs = JSON.parse(
      (await pulumiOk(env, PROGRAM, ["stack", "output", "--json", "--stack", stack])).stdout,
    ) as Record<string, string>;
    expect(outputs["remoteStdout"]).toBe(`smoke on ${await sshd.exec("hostname")}`);
    expect(outputs["container"]).toBe(`${prefix}-app`);
  });

  it("a second pulumi up changes nothing", async () => {
    const up = await cliOk(["up", "--yes", "--expect-no-changes"]);
    timings["up (no-op)"] = up.ms;
    expect(up.output).toMatch(/Resources:\s+5 unchanged/);
  });

  it("pulumi preview --policy-pack passes a compliant stack", async () => {
    const preview = await cliOk(["preview", "--policy-pack", POLICY_PACK]);
    timings["preview --policy-pack"] = preview.ms;
    expect(preview.output).toContain("swiftdeploy-smoke");
    expect(preview.output).not.toContain(POLICY_MESSAGE);
  });

  it("pulumi preview --policy-pack fails a violating stack with the policy's message", async () => {
    await cliOk(["config", "set", "readOnly", "false"]);
    const preview = await cli(["preview", "--policy-pack", POLICY_PACK]);
    await cliOk(["config", "set", "readOnly", "true"]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain("container-root-filesystem-read-only");
    expect(preview.output).toContain(POLICY_MESSAGE);
  });

  it("pulumi destroy leaves no container or network (the built image stays, as officially)", async () => {
    const destroy = await cliOk(["destroy", "--yes"]);
    timings["destroy"] = destroy.ms;
    expect(await dockerObjectsNamed(prefix)).toEqual([]);
    expect(await dockerInspect("image", `${prefix}-app:smoke`)).toBeDefined();
  });

  it("pulumi up again on warm caches recreates everything", async () => {
    const up = await cliOk(["up", "--yes"]);
    timings["up (warm, after destroy)"] = up.ms;
    expect(
      (await dockerInspect<ContainerInspect>("container", `${prefix}-app`))?.State.Running,
    ).toBe(true);
    await cliOk(["destroy", "--yes"]);
    expect(await dockerObjectsNamed(prefix)).toEqual([]);
  });
});

describe("smoke: the same program inline through the Automation API", () => {
  const prefix = uniqueName("smoke-inline");
  let sshd: SshdFixture;

  beforeAll(async () => {
    await requireDocker();
    buildSandbox();
    sshd = await startSshd("smoke-inline");
  });
  afterAll(async () => {
    await removeDockerObjects({
      containers: [`${prefix}-app`],
      networks: [`${prefix}-net`],
      images: [`${prefix}-app:smoke`],
    });
    await sshd?.remove();
  });

  it("creates, reports no changes on a second up, and destroys", async () => {
    const stack = await inlineStack("swiftdeploy-smoke-inline", async () => {
      const outputs = smokeProgram({
        prefix,
        baseImage: BASE_IMAGE,
        readOnly: true,
        ssh: { host: sshd.host, user: sshd.user, privateKey: pulumi.secret(sshd.privateKey) },
      });
      return { ...outputs };
    });
    try {
      const started = Date.now();
      const first = await stack.up();
      timings["inline up"] = Date.now() - started;
      expect(first.summary.resourceChanges).toEqual({ create: 5 });
      expect(first.outputs["remoteStdout"]?.value).toBe(`smoke on ${await sshd.exec("hostname")}`);
      expect(
        (await dockerInspect<ContainerInspect>("container", `${prefix}-app`))?.State.Running,
      ).toBe(true);
      expect((await stack.up()).summary.resourceChanges).toEqual({ same: 5 });
    } finally {
      await stack.destroy();
    }
    expect(await dockerObjectsNamed(prefix)).toEqual([]);
    console.log(`smoke timings (ms): ${JSON.stringify(timings)}`);
  });
});
