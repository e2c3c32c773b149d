import * as docker from "@pulumi/docker";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
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

describe("docker.Image and docker.RemoteImage through the real engine", () => {
  const imageName = `${uniqueName("img")}:dev`;
  const tagged = `${uniqueName("base-tag")}:t`;
  const absent = `${uniqueName("absent")}:none`;
  const context = mkdtempSync(path.join(tmpdir(), "sd-image-ctx-"));
  const settings = { greeting: "hello", withAbsent: false };
  let stack: InlineStack;

  beforeAll(async () => {
    await requireDocker();
    buildSandbox();
    writeFileSync(
      path.join(context, "Dockerfile"),
      `FROM ${BASE_IMAGE}\nARG GREETING\nCOPY app.txt /app.txt\nRUN echo "$GREETING" > /greeting\n`,
    );
    writeFileSync(path.join(context, "app.txt"), "v1\n");
    writeFileSync(path.join(context, "ignored.log"), "noise\n");
    writeFileSync(path.join(context, ".dockerignore"), "*.log\n");
    await dockerOk(["image", "tag", BASE_IMAGE, tagged]);
    stack = await inlineStack("sd-image", async () => {
      const img = new docker.Image("img", {
        imageName,
        skipPush: true,
        build: { context, args: { GREETING: settings.greeting }, builderVersion: "BuilderV1" },
      });
      const base = new docker.RemoteImage("tagged", { name: tagged, keepLocally: false });
      if (settings.withAbsent)
        new docker.RemoteImage("absent", { name: absent, keepLocally: true });
      return {
        repoDigest: img.repoDigest,
        imageName: img.imageName,
        dockerfile: img.dockerfile,
        baseId: base.imageId,
      };
    });
  });
  afterAll(async () => {
    await stack?.destroy();
    await removeDockerObjects({ images: [imageName, tagged] });
    rmSync(context, { recursive: true, force: true });
  });

  it("builds the image from the local context with the build arg; repoDigest is the local image ID", async () => {
    const result = await stack.up();
    const image = await dockerInspect<{ Id: string }>("image", imageName);
    expect(result.outputs["repoDigest"]?.value).toBe(image?.Id);
    expect(result.outputs["imageName"]?.value).toBe(imageName);
    expect(result.outputs["dockerfile"]?.value).toBe("Dockerfile");
    expect(await dockerOk(["run", "--rm", imageName, "cat", "/greeting", "/app.txt"])).toBe(
      "hello\nv1",
    );
    expect(result.outputs["baseId"]?.value).toBe(
      (await dockerInspect<{ Id: string }>("image", BASE_IMAGE))?.Id,
    );
  });

  it("ignores a change to a .dockerignore'd file, and rebuilds in place when a context file changes", async () => {
    writeFileSync(path.join(context, "ignored.log"), "more noise\n");
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 3 });
    const before = await dockerInspect<{ Id: string }>("image", imageName);
    writeFileSync(path.join(context, "app.txt"), "v2\n");
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    expect(result.outputs["repoDigest"]?.value).not.toBe(before?.Id);
    expect(await dockerOk(["run", "--rm", imageName, "cat", "/app.txt"])).toBe("v2");
  });

  it("fails with an error naming an image that is neither present nor pullable", async () => {
    settings.withAbsent = true;
    await expect(stack.up()).rejects.toThrow(
      `image "${absent}" is not present on the Docker engine and could not be pulled`,
    );
    settings.withAbsent = false;
  });

  it("on destroy removes a RemoteImage tag with keepLocally: false, and leaves the built image (as officially)", async () => {
    await stack.destroy();
    expect(await dockerInspect("image", tagged)).toBeUndefined();
    expect(await dockerInspect("image", BASE_IMAGE)).toBeDefined();
    expect(await dockerInspect("image", imageName)).toBeDefined();
  });
});
