import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExitCode } from "../../../../cli/exit-codes";
import { runCli } from "../../../../cli/run-cli";
import { LIVE_TARGETS, requireFeature } from "../../../../cli/targets/registry";
import { recordingTerminal } from "../../../../cli/shell/terminal";

const FIXTURE = path.resolve(__dirname, "../../../fixtures/cli/manifest-canary.yaml");

describe("swiftdeploy bans, explain, ban, unban: refused before any connection", () => {
  let dir: string;
  const run = async (...argv: string[]) => {
    const term = recordingTerminal();
    const code = await runCli([...argv, "--project-dir", dir], term, { PATH: "/nonexistent" });
    return { code, out: term.stdout.join("\n"), err: term.stderr.join("\n") };
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "sd-bans-"));
    copyFileSync(FIXTURE, path.join(dir, "manifest.yaml"));
    writeFileSync(
      path.join(dir, "Pulumi.dev.yaml"),
      "config:\n  swiftdeploy:manifest: manifest.yaml\n",
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [["ban", "203.0.113.77"], 'ban needs --duration (e.g. 2h, 30m, or "permanent")'],
    [
      ["ban", "203.0.113.77", "--duration", "2 hours"],
      '--duration: expected a length such as 90s, 10m, 2h, 1d, 1h30m or "permanent", not "2 hours"',
    ],
    [["ban", "--duration", "2h"], "ban needs an address, e.g. 203.0.113.7"],
    [
      ["ban", "example.com", "--duration", "2h"],
      'ban: "example.com" is not an IPv4 or IPv6 address or prefix',
    ],
    [
      ["ban", "203.0.113.0/33", "--duration", "2h"],
      'ban: "203.0.113.0/33" is not an IPv4 or IPv6 address or prefix',
    ],
    [
      ["ban", "203.0.113.7", "203.0.113.8", "--duration", "2h"],
      'unexpected argument "203.0.113.8"',
    ],
    [["unban"], "unban needs exactly one of: an address, --all, --permanent"],
    [
      ["unban", "203.0.113.77", "--all"],
      "unban needs exactly one of: an address, --all, --permanent",
    ],
    [["unban", "nope"], 'unban: "nope" is not an IPv4 or IPv6 address or prefix'],
    [["explain"], "explain needs an address, e.g. 203.0.113.7"],
    [["bans", "--reason", "x"], "Unknown option '--reason'"],
  ])("%j is a usage error (exit 2)", async (argv, says) => {
    const { code, err, out } = await run(...argv);
    expect(code).toBe(ExitCode.Usage);
    expect(err).toContain(says);
    expect(out).toBe("");
  });

  it("the kubernetes target has ban control too: no refusal before connecting", () => {
    expect(() => requireFeature(LIVE_TARGETS.kubernetes, "bans")).not.toThrow();
    expect(() => requireFeature(LIVE_TARGETS.kubernetes, "dashboard")).toThrow(
      /each edge node's detector serves its own/,
    );
  });
});
