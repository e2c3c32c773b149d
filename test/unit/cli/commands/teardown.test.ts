import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExitCode } from "../../../../cli/exit-codes";
import { runCli } from "../../../../cli/run-cli";
import type { Prompt } from "../../../../cli/shell/prompt";
import { noPrompt, scriptedPrompt } from "../../../../cli/shell/prompt";
import { recordingTerminal } from "../../../../cli/shell/terminal";

const FIXTURE = path.resolve(__dirname, "../../../fixtures/cli/manifest-canary.yaml");

/**
 * `teardown` with no Pulumi CLI on PATH: a teardown that goes ahead reaches the engine and stops
 * there with exit 9 (tool missing), one that is refused never gets that far.
 */
describe("swiftdeploy teardown: confirmation on stacks other than dev", () => {
  let dir: string;
  const teardown = async (prompt: Prompt, ...argv: string[]) => {
    const term = recordingTerminal();
    const code = await runCli(
      ["teardown", ...argv, "--project-dir", dir],
      term,
      { PATH: "/nonexistent" },
      prompt,
    );
    return { code, err: term.stderr.join("\n") };
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "sd-teardown-"));
    copyFileSync(FIXTURE, path.join(dir, "manifest.yaml"));
    for (const stack of ["dev", "prod"]) {
      writeFileSync(
        path.join(dir, `Pulumi.${stack}.yaml`),
        "config:\n  swiftdeploy:manifest: manifest.yaml\n",
      );
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a non-dev stack off a terminal without --yes, with exit 13, before the engine", async () => {
    const run = await teardown(noPrompt, "--stack", "prod");
    expect(run.code).toBe(ExitCode.NotConfirmed);
    expect(run.code).toBe(13);
    expect(run.err).toBe(
      'error: teardown of stack "prod" needs confirmation: pass --yes (scripts, CI) or run it on a terminal to be asked; nothing was removed',
    );
  });

  it.each([
    ["--yes", ["--yes"]],
    ["-y", ["-y"]],
  ])("goes ahead on a non-dev stack with %s, without asking", async (_name, flags) => {
    const prompt = scriptedPrompt([]);
    const run = await teardown(prompt, "--stack", "prod", ...flags);
    expect(run.code).toBe(ExitCode.ToolMissing);
    expect(prompt.questions).toEqual([]);
  });

  it("asks on a terminal, naming the stack and its host, and goes ahead when the stack's name is typed", async () => {
    const prompt = scriptedPrompt(["prod"]);
    const run = await teardown(prompt, "--stack", "prod");
    expect(prompt.questions).toHaveLength(1);
    expect(prompt.questions[0]).toMatch(
      /^teardown removes everything stack "prod" runs on root@127\.0\.0\.1: .*\nType the stack's name \(prod\) to go ahead: $/,
    );
    expect(run.code).toBe(ExitCode.ToolMissing);
  });

  it("on a kubernetes stack, names its namespaces and cluster, read from its config", async () => {
    writeFileSync(
      path.join(dir, "kubeconfig"),
      "clusters:\n  - cluster: { server: https://203.0.113.20:6443 }\n",
    );
    writeFileSync(
      path.join(dir, "Pulumi.prod.yaml"),
      "config:\n  swiftdeploy:manifest: manifest.yaml\n  swiftdeploy:target: kubernetes\n  swiftdeploy:kubeconfigFile: kubeconfig\n  swiftdeploy:kubectl: /usr/bin/true\n",
    );
    const prompt = scriptedPrompt(["prod"]);
    await teardown(prompt, "--stack", "prod");
    expect(prompt.questions[0]).toMatch(
      /^teardown removes everything stack "prod" runs on namespaces swiftdeploy-api and swiftdeploy-api-detector on https:\/\/203\.0\.113\.20:6443: /,
    );
  });

  it.each([
    ["y", '(typed "y", not "prod")'],
    ["", '(typed "", not "prod")'],
    [null, "(no answer)"],
  ])("refuses any other answer (%j) with exit 13", async (answer, why) => {
    const run = await teardown(scriptedPrompt([answer]), "--stack", "prod");
    expect(run.code).toBe(ExitCode.NotConfirmed);
    expect(run.err).toBe(
      `error: teardown of stack "prod" was not confirmed ${why}; nothing was removed`,
    );
  });

  it("does not ask for the dev stack (the local test host)", async () => {
    const prompt = scriptedPrompt([]);
    expect((await teardown(prompt)).code).toBe(ExitCode.ToolMissing);
    expect((await teardown(noPrompt)).code).toBe(ExitCode.ToolMissing);
    expect(prompt.questions).toEqual([]);
  });
});
