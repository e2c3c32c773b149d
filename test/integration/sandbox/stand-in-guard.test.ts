// scripts/env.sh puts the stand-ins on PATH for any stack; they refuse to work for one other than
// dev unless SWIFTDEPLOY_ALLOW_STANDINS=1, through the real engine, with their reason.
import * as docker from "@pulumi/docker";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pulumi, pulumiOk } from "../../kit/pulumi/pulumi-cli";
import type { PulumiEnv } from "../../kit/pulumi/pulumi-env";
import { buildSandbox, pulumiEnv } from "../../kit/pulumi/pulumi-env";
import { REPO_ROOT } from "../../kit/repo-root";

const STACK = `prod${process.pid}`;
const REFUSES = (plugin: string) =>
  `${plugin} is a SwiftDeploy sandbox stand-in and refuses stack "${STACK}"`;

describe("the stand-ins and a stack other than dev", () => {
  const program = path.join(REPO_ROOT, "test/fixtures/dynamic-program");
  let env: PulumiEnv;
  let allowed: PulumiEnv;
  let dir: string;

  beforeAll(async () => {
    buildSandbox();
    env = pulumiEnv("guard", undefined, { allowStandIns: false });
    allowed = pulumiEnv("guard-allowed");
    dir = mkdtempSync(path.join(tmpdir(), "sd-guard-"));
    // Writes Pulumi.<STACK>.yaml (the salt) into the fixture; `stack rm` removes it.
    await pulumiOk(env, program, ["stack", "init", STACK]);
  });
  afterAll(async () => {
    if (env) await pulumi(env, program, ["stack", "rm", STACK, "--yes", "--force"]);
    env?.cleanup();
    allowed?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the language host refuses to run the program, saying why and what to set", async () => {
    const preview = await pulumi(env, program, ["preview", "--stack", STACK]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain(REFUSES("pulumi-language-nodejs"));
    expect(preview.output).toContain("or set SWIFTDEPLOY_ALLOW_STANDINS=1");
  });

  it("the docker provider refuses the stack's resources; with SWIFTDEPLOY_ALLOW_STANDINS=1 it serves them", async () => {
    const preview = async (pulumiEnvironment: PulumiEnv) => {
      const stack = await LocalWorkspace.createOrSelectStack(
        {
          projectName: "sd-guard",
          stackName: STACK,
          program: async () => void new docker.Network("net", { name: "sd-test-guard-never" }),
        },
        {
          envVars: pulumiEnvironment.env,
          pulumiCommand: await PulumiCommand.get({ root: pulumiEnvironment.cliRoot }),
          workDir: mkdtempSync(path.join(dir, "work-")),
        },
      );
      try {
        return await stack.preview().then(
          (result) => result.stdout,
          (error: Error) => `failed: ${error.message}`,
        );
      } finally {
        await stack.workspace.removeStack(STACK, { force: true });
      }
    };
    const refused = await preview(env);
    expect(refused).toMatch(/^failed: /);
    expect(refused).toContain(REFUSES("pulumi-resource-docker"));
    const served = await preview(allowed);
    expect(served).toMatch(/\+ +docker:index:Network net create/);
  });
});
