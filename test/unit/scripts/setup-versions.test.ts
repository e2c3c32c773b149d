import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
let tmp: string | undefined;
afterEach(() => {
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

/**
 * Runs `script` in bash with the setup's libraries sourced; `env` on top of a minimal one (HOME
 * elsewhere: bash sources ~/.bashrc when its stdin is a socket, and that may put a real `go` first).
 */
function bash(script: string, env: Record<string, string> = {}) {
  const r = spawnSync(
    "bash",
    [
      "-c",
      `cd ${ROOT} && . scripts/versions.env && . scripts/lib/log.sh && . scripts/lib/version.sh && . scripts/setup/go-tools.sh && ${script}`,
    ],
    {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmpdir(), ...env },
    },
  );
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A folder holding a fake `pulumi` that prints `version`, and a `go` that records it ran. */
function fakeTools(version: string): { bin: string; goCalls: string } {
  tmp = mkdtempSync(path.join(tmpdir(), "sd-setup-"));
  const bin = path.join(tmp, "bin");
  const goCalls = path.join(tmp, "go-calls");
  spawnSync("mkdir", ["-p", bin]);
  writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\nprintf '%s\\n' '${version}'\n`);
  writeFileSync(path.join(bin, "go"), `#!/bin/sh\necho "go $*" >> '${goCalls}'\nexit 1\n`);
  chmodSync(path.join(bin, "pulumi"), 0o755);
  chmodSync(path.join(bin, "go"), 0o755);
  writeFileSync(goCalls, "");
  return { bin, goCalls };
}

describe("which Pulumi CLI setup takes as it is (pinned 3.274.1 here)", () => {
  it.each([
    ["v3.274.1", true],
    ["v3.274.2", true],
    ["v3.280.0", true],
    ["v3.1000.0", true],
    ["v3.275.0-alpha.1", true],
    ["v3.274.1+dirty", true],
    ["v3.274.1-alpha.1733", false],
    ["v3.274.0", false],
    ["v3.100.0", false],
    ["v2.99.9", false],
    ["v4.0.0", false],
    ["", false],
    ["not a version", false],
  ])("%s → %s", (found, accepted) => {
    const r = bash(`sd_version_at_least '${found}' 3.274.1`);
    expect(r.status).toBe(accepted ? 0 : 1);
  });

  it("uses a later Pulumi CLI found on PATH as it is: no Go build", () => {
    const { bin, goCalls } = fakeTools("v3.280.0");
    const cache = path.join(tmp!, "cache");
    const r = bash("sd_ensure_pulumi", {
      PATH: `${bin}:${process.env.PATH}`,
      SWIFTDEPLOY_CACHE: cache,
      PULUMI_VERSION: "3.274.1",
    });
    expect(r.status).toBe(0);
    expect(r.out).toContain(
      `pulumi v3.280.0 at ${bin}/pulumi (pinned v3.274.1: this one or a later v3.x is used as it is)`,
    );
    expect(readFileSync(goCalls, "utf8")).toBe("");
  });

  it("builds the pinned one beside an older Pulumi CLI, and says why", () => {
    const { bin, goCalls } = fakeTools("v3.200.0");
    const r = bash("sd_ensure_pulumi", {
      PATH: `${bin}:${process.env.PATH}`,
      SWIFTDEPLOY_CACHE: path.join(tmp!, "cache"),
    });
    expect(r.out).toContain(
      `pulumi v3.200.0 at ${bin}/pulumi is below the pinned v3.274.1 (or another major version): building v3.274.1 beside it`,
    );
    // The fake go fails the build: setup says so and where the log is.
    expect(r.status).toBe(1);
    expect(r.out).toContain("error: building pulumi v3.274.1 failed");
    expect(readFileSync(goCalls, "utf8")).toContain(
      "go get github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v3.274.1",
    );
  });
});

describe("the heartbeat of a long build", () => {
  it("prints the elapsed time while the command runs, keeps its output in the log, and returns its status", () => {
    tmp = mkdtempSync(path.join(tmpdir(), "sd-setup-"));
    const log = path.join(tmp, "build.log");
    const r = bash(
      `sd_with_heartbeat 'building demo' '${log}' bash -c 'echo compiling; sleep 3; exit 3'`,
      { SD_HEARTBEAT_SECONDS: "1" },
    );
    expect(r.status).toBe(3);
    expect(r.out).toMatch(/^ {2}still building demo: 0m[1-3]s elapsed$/m);
    expect(r.out).not.toContain("compiling");
    expect(readFileSync(log, "utf8")).toBe("compiling\n");
  });
});
