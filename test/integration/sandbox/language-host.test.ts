import type { ChildProcess } from "node:child_process";
import { execFile, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { LanguageRuntimeClient } from "@pulumi/pulumi/proto/language_grpc_pb";
import type { GetRequiredPackagesResponse } from "@pulumi/pulumi/proto/language_pb";
import {
  GetRequiredPackagesRequest,
  InstallDependenciesRequest,
  ProgramInfo,
  RunPluginRequest,
  TemplateRequest,
} from "@pulumi/pulumi/proto/language_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PulumiEnv } from "../../kit/pulumi/pulumi-env";
import { buildSandbox, pulumiEnv } from "../../kit/pulumi/pulumi-env";
import { REPO_ROOT } from "../../kit/repo-root";
import { pulumi, pulumiOk } from "../../kit/pulumi/pulumi-cli";

const HOST = path.join(REPO_ROOT, "sandbox/bin/language-nodejs/pulumi-language-nodejs");
const SDK_VERSION = (
  JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as {
    version: string;
  }
).version;

function unary<Res>(
  fn: (cb: (error: grpc.ServiceError | null, res: Res) => void) => void,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    fn((error, res) => (error ? reject(error) : resolve(res))),
  );
}

describe("the sandbox Node.js language host over gRPC", () => {
  let child: ChildProcess;
  let client: LanguageRuntimeClient;

  beforeAll(async () => {
    buildSandbox();
    child = spawn(HOST, ["127.0.0.1:1"], { stdio: ["ignore", "pipe", "pipe"] });
    const port = await new Promise<string>((resolve) =>
      child.stdout?.once("data", (c: Buffer) => resolve(c.toString().trim())),
    );
    expect(port).toMatch(/^\d+$/);
    client = new LanguageRuntimeClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });
  afterAll(() => {
    client?.close();
    child?.kill();
  });

  it("reports the installed SDK version and needs no plugins downloaded", async () => {
    expect(
      (await unary<PluginInfo>((cb) => client.getPluginInfo(new Empty(), cb))).getVersion(),
    ).toBe(SDK_VERSION);
    const packages = await unary<GetRequiredPackagesResponse>((cb) =>
      client.getRequiredPackages(new GetRequiredPackagesRequest(), cb),
    );
    expect(packages.getPackagesList()).toEqual([]);
  });

  it("answers InstallDependencies without a package manager when the SDK resolves", async () => {
    const info = new ProgramInfo().setProgramDirectory(
      path.join(REPO_ROOT, "test/fixtures/dynamic-program"),
    );
    const call = client.installDependencies(new InstallDependenciesRequest().setInfo(info));
    let text = "";
    call.on(
      "data",
      (msg: { getStdout_asU8(): Uint8Array }) =>
        (text += Buffer.from(msg.getStdout_asU8()).toString()),
    );
    await new Promise((resolve, reject) => call.on("end", resolve).on("error", reject));
    expect(text).toContain(
      `dependencies already installed (@pulumi/pulumi ${SDK_VERSION} resolves from`,
    );
  });

  it("answers an RPC it does not implement with UNIMPLEMENTED naming it", async () => {
    await expect(unary((cb) => client.template(new TemplateRequest(), cb))).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
      details: expect.stringContaining(
        "LanguageRuntime/template is not implemented by the sandbox Node.js language host",
      ),
    });
  });

  it("refuses RunPlugin for a plugin kind it cannot start, naming the kind", async () => {
    const call = client.runPlugin(new RunPluginRequest().setKind("converter").setPwd(REPO_ROOT));
    call.on("data", () => undefined);
    await expect(
      new Promise((resolve, reject) => call.on("end", resolve).on("error", reject)),
    ).rejects.toThrow(
      'RunPlugin for plugin kind "converter" is not supported by the sandbox Node.js language host',
    );
  });
});

describe("the stand-in launchers", () => {
  it("say to run `npm run build` when their bundle is missing", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "sd-shim-"));
    try {
      cpSync(path.join(REPO_ROOT, "sandbox/bin"), path.join(root, "sandbox/bin"), {
        recursive: true,
      });
      const shim = path.join(root, "sandbox/bin/resource-docker/pulumi-resource-docker");
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
        execFile(shim, [], (error, _stdout, stderr) =>
          resolve({ code: error ? (error.code as number) : 0, stderr }),
        ),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `dist/sandbox/provider-docker.js is missing; run \`npm run build\` in ${root}`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("a TypeScript program run by the plain CLI through the sandbox host", () => {
  const program = path.join(REPO_ROOT, "test/fixtures/dynamic-program");
  let env: PulumiEnv;
  let configFile: string;

  beforeAll(async () => {
    buildSandbox();
    env = pulumiEnv("langhost");
    configFile = path.join(path.dirname(env.cliRoot), "Pulumi.test.yaml");
    await pulumiOk(env, program, ["stack", "init", "test"]);
    await pulumiOk(env, program, [
      "config",
      "set",
      "word",
      "hello",
      "--stack",
      "test",
      "--config-file",
      configFile,
    ]);
    await pulumiOk(env, program, [
      "config",
      "set",
      "--secret",
      "token",
      "t0ken",
      "--stack",
      "test",
      "--config-file",
      configFile,
    ]);
  });
  afterAll(async () => {
    await pulumi(env, program, [
      "destroy",
      "--yes",
      "--stack",
      "test",
      "--config-file",
      configFile,
    ]);
    env?.cleanup();
  });

  it("runs index.ts with config and secrets, and a dynamic resource through pulumi-resource-pulumi-nodejs", async () => {
    const up = await pulumiOk(env, program, [
      "up",
      "--yes",
      "--stack",
      "test",
      "--config-file",
      configFile,
    ]);
    expect(up.output).toContain("using pulumi-language-nodejs from $PATH");
    const outputs = await pulumiOk(env, program, [
      "stack",
      "output",
      "--json",
      "--show-secrets",
      "--stack",
      "test",
    ]);
    expect(JSON.parse(outputs.stdout)).toEqual({ loud: "HELLO", token: "t0ken" });
  });

  it("fails the update with the program's own error when index.ts throws (exit 32 → bail)", async () => {
    await pulumiOk(env, program, [
      "config",
      "rm",
      "word",
      "--stack",
      "test",
      "--config-file",
      configFile,
    ]);
    const up = await pulumi(env, program, [
      "up",
      "--yes",
      "--stack",
      "test",
      "--config-file",
      configFile,
    ]);
    expect(up.code).not.toBe(0);
    expect(up.output).toContain("config word is required: pulumi config set word <value>");
    expect(up.output).not.toContain("Program exited with non-zero exit code");
  });
});
