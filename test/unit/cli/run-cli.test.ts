import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExitCode, exitCodeFor } from "../../../cli/exit-codes";
import { runCli } from "../../../cli/run-cli";
import { recordingTerminal } from "../../../cli/shell/terminal";
import { ErrorCode } from "../../../core/errors";

const FIXTURE = path.resolve(__dirname, "../../fixtures/cli/manifest-canary.yaml");

describe("swiftdeploy's command line", () => {
  let dir: string;
  const run = async (...argv: string[]) => {
    const term = recordingTerminal();
    const code = await runCli([...argv, "--project-dir", dir], term, { PATH: process.env.PATH });
    return { code, out: term.stdout.join("\n"), err: term.stderr.join("\n") };
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "sd-cli-"));
    copyFileSync(FIXTURE, path.join(dir, "manifest.yaml"));
    writeFileSync(
      path.join(dir, "Pulumi.dev.yaml"),
      "config:\n  swiftdeploy:manifest: manifest.yaml\n",
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("lists the commands and exits 2 without a command, 0 for help", async () => {
    const term = recordingTerminal();
    expect(await runCli([], term, {})).toBe(ExitCode.Usage);
    expect(term.stdout.join("\n")).toContain(
      "  promote    ask OPA about the canary's live metrics",
    );
    expect(term.stdout.join("\n")).toContain(
      "  dashboard  open an SSH forward to the detector's dashboard and print its URL; Ctrl-C closes it",
    );
    expect(await runCli(["help"], recordingTerminal(), {})).toBe(ExitCode.Ok);
  });

  it("shows a verb's help with examples and the global options", async () => {
    const { code, out } = await run("promote", "--help");
    expect(code).toBe(ExitCode.Ok);
    expect(out).toContain("  swiftdeploy promote --watch --interval 15 --failures 3");
    expect(out).toContain("--config-file FILE");
  });

  it("refuses an unknown command and an unknown option with exit 2 and the usage", async () => {
    expect((await run("promot")).code).toBe(ExitCode.Usage);
    const bad = await run("status", "--bogus");
    expect(bad.code).toBe(ExitCode.Usage);
    expect(bad.err).toContain("error: Unknown option '--bogus'");
    expect(bad.err).toContain("usage: swiftdeploy status");
    const extra = await run("status", "now");
    expect(extra.code).toBe(ExitCode.Usage);
    expect(extra.err).toContain('error: unexpected argument "now"');
  });

  it("refuses malformed arguments before touching anything", async () => {
    expect((await run("canary", "start")).err).toContain("canary start takes exactly one version");
    const weight = await run("canary", "start", "1.2.0", "--weight", "150");
    expect(weight.code).toBe(ExitCode.Usage);
    expect(weight.err).toContain('--weight must be a number from 0 to 100, not "150"');
    const chaos = await run("chaos", "error", "80");
    expect(chaos.err).toContain('the error rate must be a number from 0 to 1, not "80"');
  });

  it("refuses a stack other than dev with the sandbox's stand-ins on PATH, before starting the engine", async () => {
    const sandbox = path.resolve(__dirname, "../../../sandbox/bin");
    const PATH = ["language-nodejs", "resource-docker", "resource-command"]
      .map((piece) => path.join(sandbox, piece))
      .join(path.delimiter);
    const term = recordingTerminal();
    const argv = ["preview", "--stack", "prod", "--project-dir", dir];
    // scripts/env.sh declares the folders it put on PATH for stand-ins.
    const env = { PATH, SWIFTDEPLOY_STAND_IN_DIRS: PATH };
    expect(await runCli(argv, term, env)).toBe(ExitCode.ConfigInvalid);
    expect(term.stderr.join("\n")).toContain(
      'refusing stack "prod": PATH runs the stand-ins for pulumi-language-nodejs, pulumi-resource-docker, pulumi-resource-command',
    );
    expect(existsSync(path.join(dir, "history.jsonl"))).toBe(false);
  });

  it("exits 7 when there is no canary to promote, before reaching the host", async () => {
    const file = path.join(dir, "manifest.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace('  canary:\n    version: "1.1.0"\n    weight: 10\n', ""),
    );
    const { code, err } = await run("promote");
    expect(code).toBe(ExitCode.ReleaseState);
    expect(err).toContain(
      "error [SD_RELEASE_STATE]: there is no canary to promote (the manifest runs stable 1.0.0 only)",
    );
  });

  it("exits 6 with every problem when the manifest is invalid", async () => {
    writeFileSync(
      path.join(dir, "manifest.yaml"),
      "apiVersion: swiftdeploy/v1\nservice: { name: api }\nrelease: { stable: { version: 1.0 } }\n",
    );
    const { code, err } = await run("status", "--once");
    expect(code).toBe(ExitCode.ConfigInvalid);
    expect(err).toContain(
      'manifest.yaml:3:31 release.stable.version: expected a version string like "1.2.3" (quote it in YAML), found 1.0 (a number)',
    );
  });

  it("validate reports each check and skips the host ones when the manifest is invalid (exit 5)", async () => {
    writeFileSync(path.join(dir, "manifest.yaml"), "apiVersion: swiftdeploy/v1\n");
    const { code, out } = await run("validate");
    expect(code).toBe(ExitCode.ChecksFailed);
    expect(out).toMatch(/^FAIL {2}manifest schema {12}.*manifest.yaml has 2 problems/m);
    expect(out).toContain("skip  nginx -t                   needs a valid manifest");
    expect(out).toContain("skip  OPA reachable              needs a valid manifest");
  });

  it("init writes the generated files for the stack and prints them", async () => {
    const { code, out } = await run("init");
    expect(code).toBe(ExitCode.Ok);
    const policyConfig = path.join(dir, ".swiftdeploy/generated/dev/crossguard/policy-config.json");
    expect(out.split("\n")).toContain(policyConfig);
    expect(existsSync(policyConfig)).toBe(true);
  });

  it("init writes the detector's systemd template unit, and regenerates every file identically", async () => {
    await run("init");
    const generated = path.join(dir, ".swiftdeploy/generated/dev");
    const files = [
      "nginx/nginx.conf",
      "opa/data.json",
      "crossguard/policy-config.json",
      "detector/detector.json",
      "detector/swiftdeploy-detector@.service",
    ];
    const first = files.map((f) => readFileSync(path.join(generated, f), "utf8"));
    expect(first[4]).toContain(
      "ExecStart=/opt/swiftdeploy/runtime/node /opt/swiftdeploy/detector/swiftdeploy-detector.js run --config /etc/swiftdeploy/%i/detector.json",
    );
    rmSync(generated, { recursive: true });
    await run("init");
    expect(files.map((f) => readFileSync(path.join(generated, f), "utf8"))).toEqual(first);
  });

  it("says the Pulumi CLI is missing and how to get it (exit 9)", async () => {
    const term = recordingTerminal();
    const code = await runCli(["preview", "--project-dir", dir], term, { PATH: "/nonexistent" });
    expect(code).toBe(ExitCode.ToolMissing);
    expect(term.stderr.join("\n")).toContain(
      "error [SD_TOOL_MISSING]: the Pulumi CLI (`pulumi`) is not on PATH",
    );
  });

  it("maps every error code the CLI raises to its documented exit code", () => {
    expect(exitCodeFor(ErrorCode.PolicyDenied)).toBe(3);
    expect(exitCodeFor(ErrorCode.RolledBack)).toBe(4);
    expect(exitCodeFor(ErrorCode.ChecksFailed)).toBe(5);
    expect(exitCodeFor(ErrorCode.ManifestInvalid)).toBe(6);
    expect(exitCodeFor(ErrorCode.ReleaseState)).toBe(7);
    expect(exitCodeFor(ErrorCode.PolicyUnreachable)).toBe(8);
    expect(exitCodeFor(ErrorCode.ToolMissing)).toBe(9);
    expect(exitCodeFor(ErrorCode.RemoteFailed)).toBe(10);
    expect(exitCodeFor(ErrorCode.EngineFailed)).toBe(11);
    expect(exitCodeFor(ErrorCode.TimedOut)).toBe(12);
    expect(exitCodeFor(ErrorCode.Internal)).toBe(1);
  });
});
