import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../../cli/exit-codes";
import { runCli } from "../../../cli/run-cli";
import { recordingTerminal } from "../../../cli/shell/terminal";
import {
  describeVersions,
  packageRoot,
  parseVersionsEnv,
  readToolVersions,
} from "../../../cli/tool-versions";

const ROOT = path.resolve(__dirname, "../../..");

describe("swiftdeploy --version", () => {
  it("prints the package's version and the Pulumi and OPA versions setup pins", async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    const env = readFileSync(path.join(ROOT, "scripts/versions.env"), "utf8");
    const pulumi = /^PULUMI_VERSION=(\S+)$/m.exec(env)?.[1];
    const opa = /^OPA_VERSION=(\S+)$/m.exec(env)?.[1];
    const term = recordingTerminal();
    expect(await runCli(["--version"], term, {})).toBe(ExitCode.Ok);
    expect(term.stdout.join("\n")).toBe(
      `swiftdeploy ${pkg.version}\npulumi ${pulumi} (pinned)\nopa ${opa} (pinned)\nnode ${process.version}`,
    );
  });

  it("is listed in the overview", async () => {
    const term = recordingTerminal();
    await runCli(["help"], term, {});
    expect(term.stdout.join("\n")).toContain("swiftdeploy --version");
  });

  it("finds the package root from the sources and from the bundle's folder", () => {
    expect(packageRoot(path.join(ROOT, "cli"))).toBe(ROOT);
    expect(packageRoot(path.join(ROOT, "dist", "cli"))).toBe(ROOT);
  });

  it("says what it could not find instead of failing", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sd-version-"));
    try {
      writeFileSync(path.join(dir, "package.json"), '{"name":"swiftdeploy","version":"9.9.9"}');
      mkdirSync(path.join(dir, "cli"));
      expect(packageRoot(path.join(dir, "cli"))).toBe(dir);
      expect(describeVersions(readToolVersions(dir, "v22.0.0"))).toBe(
        [
          "swiftdeploy 9.9.9",
          "pulumi unknown (scripts/versions.env not found)",
          "opa unknown (scripts/versions.env not found)",
          "node v22.0.0",
        ].join("\n"),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads plain assignments from versions.env and skips comments", () => {
    expect(
      parseVersionsEnv("# pins\nPULUMI_VERSION=3.1.0\n  OPA_VERSION=1.2.3  \nbad line\n"),
    ).toEqual({ PULUMI_VERSION: "3.1.0", OPA_VERSION: "1.2.3" });
  });
});
