import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExitCode } from "../../../../cli/exit-codes";
import { dashboardRemote } from "../../../../cli/live/dashboard-forward";
import { runCli } from "../../../../cli/run-cli";
import { recordingTerminal } from "../../../../cli/shell/terminal";
import { parseManifest } from "../../../../core/manifest";

const FIXTURE = path.resolve(__dirname, "../../../fixtures/cli/manifest-canary.yaml");
const withDetector = (detector: string) =>
  readFileSync(FIXTURE, "utf8").replace(
    "detector:\n  windowSeconds: 60\n",
    `detector:\n${detector}`,
  );

describe("dashboardRemote", () => {
  it.each([
    ["  windowSeconds: 60\n", { host: "127.0.0.1", port: 9180 }],
    ["  dashboard:\n    bindAddress: 0.0.0.0\n    port: 9200\n", { host: "127.0.0.1", port: 9200 }],
    ["  dashboard:\n    bindAddress: 10.0.0.5\n", { host: "10.0.0.5", port: 9180 }],
  ])("forwards to where the dashboard listens as the host sees it (%j)", (detector, remote) => {
    expect(dashboardRemote(parseManifest(withDetector(detector), "m.yaml"))).toEqual(remote);
  });
});

describe("swiftdeploy dashboard: refused before any connection", () => {
  let dir: string;
  const run = async (env: Record<string, string>, ...argv: string[]) => {
    const term = recordingTerminal();
    const code = await runCli(["dashboard", ...argv, "--project-dir", dir], term, env);
    return { code, out: term.stdout.join("\n"), err: term.stderr.join("\n") };
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "sd-dashboard-"));
    copyFileSync(FIXTURE, path.join(dir, "manifest.yaml"));
    writeFileSync(
      path.join(dir, "Pulumi.dev.yaml"),
      "config:\n  swiftdeploy:manifest: manifest.yaml\n",
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("says ssh is missing and how to get it (exit 9)", async () => {
    const { code, err, out } = await run({ PATH: "/nonexistent" });
    expect(code).toBe(ExitCode.ToolMissing);
    expect(err).toContain(
      "error [SD_TOOL_MISSING]: the OpenSSH client (`ssh`) is not on PATH: the dashboard is reached through an SSH forward\n  - install it: apt-get install openssh-client",
    );
    expect(out).toBe("");
  });

  it.each([
    ["  dashboard:\n    enabled: false\n", "the detector's dashboard is off"],
    ["  dashboard:\n    port: 0\n", "detector.dashboard.port is 0"],
  ])(
    "refuses a manifest whose dashboard cannot be reached (exit 6): %j",
    async (detector, says) => {
      writeFileSync(path.join(dir, "manifest.yaml"), withDetector(detector));
      const { code, err } = await run({ PATH: process.env.PATH ?? "" });
      expect(code).toBe(ExitCode.ConfigInvalid);
      expect(err).toContain(says);
    },
  );

  it("says the kubernetes target has no dashboard yet, and why (exit 14), before looking for ssh", async () => {
    writeFileSync(
      path.join(dir, "Pulumi.dev.yaml"),
      "config:\n  swiftdeploy:manifest: manifest.yaml\n  swiftdeploy:target: kubernetes\n",
    );
    const { code, err, out } = await run({ PATH: "/nonexistent" });
    expect(code).toBe(ExitCode.NotOnTarget);
    expect(code).toBe(14);
    expect(err).toBe(
      "error [SD_NOT_ON_TARGET]: the detector's dashboard is not opened on the kubernetes target yet: each edge node's detector serves its own on the node's loopback; swiftdeploy bans and swiftdeploy status show the ban list every node shares\n  - the stack runs on kubernetes; docs/kubernetes.md says what works there now",
    );
    expect(out).toBe("");
  });

  it.each(["0", "65536", "80a"])("refuses --port %s (exit 2)", async (port) => {
    const { code, err } = await run({ PATH: process.env.PATH ?? "" }, "--port", port);
    expect(code).toBe(ExitCode.Usage);
    expect(err).toContain(`--port must be a port number from 1 to 65535, not "${port}"`);
  });
});
