import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pulumi } from "../kit/pulumi/pulumi-cli";
import { buildSandbox, pulumiEnv, type PulumiEnv } from "../kit/pulumi/pulumi-env";
import { REPO_ROOT } from "../kit/repo-root";

const PACK = path.join(REPO_ROOT, "policies/crossguard");
const PROGRAMS = path.join(REPO_ROOT, "test/fixtures/policy-programs");
const STACK = `e2e${process.pid}`;
const programs = ["compliant", "violating"] as const;
const dirOf = (program: string) => path.join(PROGRAMS, program);

describe("pulumi preview --policy-pack policies/crossguard", () => {
  let env: PulumiEnv;
  let configFile: string;

  beforeAll(async () => {
    buildSandbox();
    env = pulumiEnv("policy-pack");
    for (const program of programs) {
      const init = await pulumi(env, dirOf(program), ["stack", "init", STACK]);
      if (init.code !== 0)
        throw new Error(`pulumi stack init in ${program} failed:\n${init.output}`);
    }
    configFile = path.join(
      mkdtempSync(path.join(tmpdir(), "sd-pack-config-")),
      "all-advisory.json",
    );
    writeFileSync(configFile, JSON.stringify({ all: "advisory" }));
  });

  afterAll(async () => {
    for (const program of programs) {
      if (env !== undefined)
        await pulumi(env, dirOf(program), ["stack", "rm", STACK, "--yes", "--force"]);
      rmSync(path.join(dirOf(program), `Pulumi.${STACK}.yaml`), { force: true });
    }
    if (configFile !== undefined)
      rmSync(path.dirname(configFile), { recursive: true, force: true });
    env?.cleanup();
  });

  const preview = (program: string, ...extra: string[]) =>
    pulumi(env, dirOf(program), ["preview", "--stack", STACK, "--policy-pack", PACK, ...extra]);

  it("passes a compliant stack, a Pulumi-secret token included, with exit status 0", async () => {
    const result = await preview("compliant");
    expect(result.output).not.toMatch(/mandatory|advisory|must /);
    expect(result.code, result.output).toBe(0);
  });

  it("fails a violating stack with exit status 1 and names every violation", async () => {
    const result = await preview("violating");
    expect(result.code, result.output).toBe(1);
    for (const fragment of [
      "❌ swiftdeploy-guardrails@v0.1.0",
      "- [mandatory]  only-proxy-publishes-ports  (docker:index:Container: api-stable)",
      "- [mandatory]  opa-private-only  (docker:index:Container: opa)",
      "- [mandatory]  detector-declared  (pulumi:pulumi:Stack:",
      'container "api-stable" (role api-stable) must not publish ports',
      'container "api-stable" (role api-stable) must not be privileged',
      'container "api-stable" (role api-stable) must use a pinned image, not "nginx:latest" (the floating tag latest)',
      'container "api-stable" (role api-stable) env CHAOS_TOKEN must not hold a secret in plain text',
      'command "ban-rule" runs iptables on create, so it must have a `delete` command',
      "The stack must declare a proxy container labelled dev.swiftdeploy.role=proxy",
      'OPA container "opa" must not publish ports',
      "The stack must declare the DDoS detector",
    ]) {
      expect(result.output).toContain(fragment);
    }
    expect(result.output).not.toContain("plain-text-token");
  });

  it("only warns when the pack's config makes every policy advisory", async () => {
    const result = await preview("violating", "--policy-pack-config", configFile);
    expect(result.output).toContain(
      "- [advisory]  no-privileged-containers  (docker:index:Container: api-stable)",
    );
    expect(result.output).not.toContain("[mandatory]");
    expect(result.code, result.output).toBe(0);
  });
});
