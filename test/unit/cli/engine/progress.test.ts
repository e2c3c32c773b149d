import type { EngineEvent } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { headLines } from "../../../../cli/engine/automation-deployer";
import { describeChanges, ProgressReporter } from "../../../../cli/engine/progress";

const urn = (type: string, name: string) =>
  `urn:pulumi:dev::swiftdeploy::swiftdeploy:index:Stack$${type}::${name}`;
const event = (partial: Partial<EngineEvent>): EngineEvent => ({
  sequence: 1,
  timestamp: 0,
  ...partial,
});
const metadata = (op: string, type: string, name: string, custom = true) =>
  ({
    op,
    urn: urn(type, name),
    type,
    provider: "",
    new: {
      custom,
      type,
      urn: urn(type, name),
      id: "",
      parent: "",
      inputs: {},
      outputs: {},
      provider: "",
    },
  }) as never;

describe("ProgressReporter", () => {
  it("prints one line per finished change of a real resource, with the elapsed time", () => {
    const lines: string[] = [];
    const reporter = new ProgressReporter(
      (l) => lines.push(l),
      () => 12_400,
    );
    reporter.onEvent(
      event({
        resOutputsEvent: {
          metadata: metadata(
            "create",
            "docker:index/container:Container",
            "swiftdeploy-api-canary-container",
          ),
        },
      }),
    );
    reporter.onEvent(
      event({
        resOutputsEvent: { metadata: metadata("same", "docker:index/network:Network", "net") },
      }),
    );
    reporter.onEvent(
      event({
        resOutputsEvent: {
          metadata: metadata("update", "swiftdeploy:index:Proxy", "swiftdeploy-proxy", false),
        },
      }),
    );
    expect(lines).toEqual([
      "[ 12 s] created docker:index/container:Container swiftdeploy-api-canary-container",
    ]);
  });

  it("keeps errors and mandatory policy violations for the final message", () => {
    const lines: string[] = [];
    const reporter = new ProgressReporter(
      (l) => lines.push(l),
      () => 0,
    );
    reporter.onEvent(
      event({
        diagnosticEvent: {
          urn: urn("command:remote:Command", "install"),
          message: "exit 1: no such verb\nmore",
          color: "never",
          severity: "error",
        },
      }),
    );
    reporter.onEvent(
      event({
        policyEvent: {
          resourceUrn: urn("docker:index:RemoteImage", "opa-image"),
          message: "Images are pinned.\nremote image must use a pinned image",
          color: "never",
          policyName: "images-pinned",
          policyPackName: "swiftdeploy-guardrails",
          policyPackVersion: "0.1.0",
          policyPackVersionTag: "",
          enforcementLevel: "mandatory",
        },
      }),
    );
    expect(lines).toEqual([
      "[  0 s] error (install): exit 1: no such verb",
      "[  0 s] policy [mandatory] images-pinned (opa-image): remote image must use a pinned image",
    ]);
    expect(reporter.findings).toEqual({
      errors: ["exit 1: no such verb\nmore (install)"],
      policyViolations: [
        "[mandatory] images-pinned (opa-image): remote image must use a pinned image",
      ],
    });
  });

  it("shows each plugin's 'from $PATH' warning once per run, across the run's operations", () => {
    const lines: string[] = [];
    const shownOnce = new Set<string>();
    const fromPath = (plugin: string, dir: string) =>
      event({
        diagnosticEvent: {
          message: `using ${plugin} from $PATH at ${dir}/${plugin}\n`,
          color: "never",
          severity: "warning",
        },
      });
    const sandbox = "/repo/sandbox/bin/resource-docker";
    const preview = new ProgressReporter(
      (l) => lines.push(l),
      () => 0,
      shownOnce,
      [sandbox],
    );
    preview.onEvent(fromPath("pulumi-resource-docker", sandbox));
    preview.onEvent(fromPath("pulumi-resource-docker", sandbox));
    preview.onEvent(fromPath("pulumi-resource-command", "/opt/plugins"));
    const up = new ProgressReporter(
      (l) => lines.push(l),
      () => 2000,
      shownOnce,
      [sandbox],
    );
    up.onEvent(fromPath("pulumi-resource-docker", sandbox));
    expect(lines).toEqual([
      `[  0 s] warning: using pulumi-resource-docker from $PATH at ${sandbox}/pulumi-resource-docker (a SwiftDeploy stand-in, not the official plugin)`,
      "[  0 s] warning: using pulumi-resource-command from $PATH at /opt/plugins/pulumi-resource-command",
    ]);
    expect(preview.findings.errors).toEqual([]);
  });

  it("describes change counts", () => {
    expect(describeChanges({ create: 2, same: 30, update: 0 })).toBe("2 created, 30 unchanged");
    expect(describeChanges({})).toBe("no changes");
  });
});

describe("headLines (engine errors in the CLI's message)", () => {
  it("keeps the first lines, where the cause is, names the resource and counts the rest", () => {
    const error =
      'Process exited with status 2: running "x install":\nswiftdeploy-detector: unknown command "install"\n\nusage: swiftdeploy-detector <command>\n  run\n  help (swiftdeploy-detector-detector-install)';
    expect(headLines(error)).toBe(
      'swiftdeploy-detector-detector-install: Process exited with status 2: running "x install":\n    swiftdeploy-detector: unknown command "install"\n    usage: swiftdeploy-detector <command>\n    … 2 more lines in history.jsonl',
    );
    expect(headLines("update failed")).toBe("update failed");
  });
});
