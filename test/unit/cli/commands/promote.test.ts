import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { promoteRequest, promoteVerb, promotionJson } from "../../../../cli/commands/promote";
import { promoteOnce } from "../../../../cli/promotion/promote-once";
import type { PromotionStopped } from "../../../../cli/promotion/promote-once";
import { decisions, PromotionWorld } from "../../../kit/cli/promotion-kit";
import { ExitCode } from "../../../../cli/exit-codes";
import { runCli } from "../../../../cli/run-cli";
import { recordingTerminal } from "../../../../cli/shell/terminal";
import { parseVerbArgs } from "../../../../cli/verb";
import { parseManifest } from "../../../../core/manifest";

const FIXTURES = path.resolve(__dirname, "../../../fixtures");
const request = (...argv: string[]) => promoteRequest(parseVerbArgs(promoteVerb, argv));
const usageErrorOf = (...argv: string[]) => {
  try {
    request(...argv);
  } catch (error) {
    expect((error as Error).name).toBe("UsageError");
    return (error as Error).message;
  }
  throw new Error(`expected \`${argv.join(" ")}\` to be refused`);
};

describe("promote's command line: the original SwiftDeploy's forms", () => {
  it.each([
    [["promote"]],
    [["promote", "stable"]],
    [["promote", "stable", "--watch", "--failures", "2", "--window", "30"]],
  ])("%j promotes the canary", (argv) => {
    expect(request(...argv)).toEqual({ kind: "promote" });
  });

  it("`promote canary` alone starts the canary the manifest declares, at its weight", () => {
    expect(request("promote", "canary")).toEqual({
      kind: "start-canary",
      version: undefined,
      weight: undefined,
      reason: undefined,
    });
  });

  it("`promote canary VERSION --weight --reason` is `canary start` with those", () => {
    expect(
      request("promote", "canary", "1.2.0", "--weight", "25", "--reason", "peer habit"),
    ).toEqual({ kind: "start-canary", version: "1.2.0", weight: 25, reason: "peer habit" });
  });

  it.each([
    [
      ["promote", "blue"],
      "expected `promote`, `promote stable` or `promote canary [VERSION]`, got `promote blue`",
    ],
    [["promote", "stable", "1.2.0"], 'unexpected argument "1.2.0"'],
    [["promote", "canary", "1.2.0", "1.3.0"], 'unexpected argument "1.3.0"'],
    [["promote", "canary", "--watch"], "--watch does not apply to `promote canary`"],
    [["promote", "canary", "--json"], "--json does not apply to `promote canary`"],
    [
      ["promote", "canary", "1.2.0", "--window", "30"],
      "--window does not apply to `promote canary`",
    ],
    [["promote", "--weight", "5"], "--weight does not apply to `promote`"],
    [["promote", "stable", "--reason", "x"], "--reason does not apply to `promote stable`"],
    [
      ["promote", "canary", "1.2.0", "--weight", "12.5"],
      "--weight must be a whole percent, not 12.5",
    ],
    [
      ["promote", "canary", "1.2.0", "--weight", "150"],
      '--weight must be a number from 0 to 100, not "150"',
    ],
  ])("refuses %j", (argv, message) => {
    expect(usageErrorOf(...argv)).toBe(message);
  });
});

describe("promote --json", () => {
  it("prints the promotion: the check's outcome, the release now running and what was measured", async () => {
    const world = new PromotionWorld(decisions.promote());
    try {
      world.canaryErrors = 0;
      const result = await promoteOnce(world.deps(), 10);
      expect(JSON.parse(promotionJson(result.check, result.release))).toEqual({
        outcome: "promote",
        promoted: true,
        release: { stable: "1.1.0", canary: null },
        canary: {
          windowSeconds: 10,
          requests: 200,
          errors: 0,
          requestRate: 20,
          errorRate: 0,
          p99Ms: 4.975,
          p99BeyondBuckets: false,
        },
        stable: expect.objectContaining({ requests: 180 }),
        decision: { allow: true, verdict: "promote", reasons: [] },
        thresholds: { max_error_rate: 0.01 },
      });
    } finally {
      world.dispose();
    }
  });

  it("prints a refusal from the check the error carries", async () => {
    const world = new PromotionWorld(decisions.reject());
    try {
      const error = (await promoteOnce(world.deps(), 10).catch(
        (e: unknown) => e,
      )) as PromotionStopped;
      expect(JSON.parse(promotionJson(error.check, null))).toMatchObject({
        outcome: "fail",
        promoted: false,
        release: null,
        canary: { requests: 200, errors: 160 },
        decision: {
          verdict: "reject",
          reasons: ["Error rate 80.00% exceeds maximum 1.00% (160 of 200 requests failed)"],
        },
      });
    } finally {
      world.dispose();
    }
  });
});

describe("swiftdeploy promote stable / promote canary, run", () => {
  let dir: string;
  let manifestFile: string;
  const run = async (...argv: string[]) => {
    const term = recordingTerminal();
    // No pulumi on PATH: a command that gets as far as the update stops there (exit 9).
    const code = await runCli([...argv, "--project-dir", dir], term, { PATH: "/nonexistent" });
    return { code, out: term.stdout.join("\n"), err: term.stderr.join("\n") };
  };
  const release = () => parseManifest(readFileSync(manifestFile, "utf8"), "m.yaml").release;
  const withoutCanary = () =>
    writeFileSync(
      manifestFile,
      readFileSync(manifestFile, "utf8").replace(
        '  canary:\n    version: "1.1.0"\n    weight: 10\n',
        "",
      ),
    );

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "sd-promote-forms-"));
    manifestFile = path.join(dir, "manifest.yaml");
    copyFileSync(path.join(FIXTURES, "cli/manifest-canary.yaml"), manifestFile);
    writeFileSync(
      path.join(dir, "Pulumi.dev.yaml"),
      "config:\n  swiftdeploy:manifest: manifest.yaml\n",
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("promote stable is promote: with no canary it exits 7 before reaching the host", async () => {
    withoutCanary();
    const { code, err } = await run("promote", "stable");
    expect(code).toBe(ExitCode.ReleaseState);
    expect(err).toContain(
      "error [SD_RELEASE_STATE]: there is no canary to promote (the manifest runs stable 1.0.0 only)",
    );
  });

  it("promote canary VERSION --weight writes the canary into the manifest, then updates", async () => {
    withoutCanary();
    const { code, err } = await run("promote", "canary", "1.2.0", "--weight", "25");
    expect(release()).toEqual({
      stable: { version: "1.0.0" },
      canary: { version: "1.2.0", weight: 25 },
    });
    expect(err).toContain("manifest: stable 1.0.0 → stable 1.0.0 + canary 1.2.0 at 25 %");
    expect(err).toContain("canary start 1.2.0: the update failed");
    expect(code).toBe(ExitCode.ToolMissing);
  });

  it("promote canary alone applies the manifest's canary at its weight", async () => {
    const { code, err } = await run("promote", "canary");
    expect(release().canary).toEqual({ version: "1.1.0", weight: 10 });
    expect(err).toContain(
      "manifest: stable 1.0.0 + canary 1.1.0 at 10 % → stable 1.0.0 + canary 1.1.0 at 10 %",
    );
    expect(code).toBe(ExitCode.ToolMissing);
  });

  it("promote canary without a version exits 2 when the manifest declares no canary", async () => {
    withoutCanary();
    const { code, err } = await run("promote", "canary");
    expect(code).toBe(ExitCode.Usage);
    expect(err).toContain(
      "error: the manifest declares no canary (it runs stable 1.0.0), so give the version to start, e.g. 1.1.0",
    );
  });

  it.each([
    ["Nsix6__swiftdeploy.yml", "canary"],
    // mode: canary, so the release has a canary: refused before a window is measured
    ["GideonIsBuilding__swiftdeploy.yaml", "stable"],
  ])(
    "on a legacy manifest (%s) promote %s says to convert it first, changing nothing",
    async (peer, form) => {
      copyFileSync(path.join(FIXTURES, "manifests/peers", peer), manifestFile);
      const before = readFileSync(manifestFile, "utf8");
      const { code, err } = await run("promote", form);
      expect(err).toContain(
        "error [SD_CONFIG_INVALID]: manifest.yaml uses the legacy form (services:, nginx:, network:), which has no release section to edit",
      );
      expect(code).toBe(ExitCode.ConfigInvalid);
      expect(readFileSync(manifestFile, "utf8")).toBe(before);
    },
  );
});
