import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readOutputs } from "../../../../cli/engine/stack-outputs";
import { LIVE_TARGETS, liveTargetOf, requireFeature } from "../../../../cli/targets/registry";
import { ErrorCode } from "../../../../core/errors";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A stack config file with `lines` under `config:`. */
function configFile(...lines: string[]): { configFile: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "sd-targets-"));
  dirs.push(dir);
  const file = path.join(dir, "Pulumi.s.yaml");
  writeFileSync(file, `config:\n${lines.map((l) => `  ${l}\n`).join("")}`);
  return { configFile: file };
}

describe("liveTargetOf", () => {
  it("takes the target the stack's last update reported, over its config", () => {
    const ctx = configFile("swiftdeploy:target: docker");
    expect(liveTargetOf(ctx, { target: "kubernetes" }).name).toBe("kubernetes");
    expect(
      liveTargetOf(configFile("swiftdeploy:target: kubernetes"), { target: "docker" }).name,
    ).toBe("docker");
  });

  it("takes the config's before the first update, docker when it names none", () => {
    expect(liveTargetOf(configFile("swiftdeploy:target: kubernetes"), readOutputs({})).name).toBe(
      "kubernetes",
    );
    expect(liveTargetOf(configFile("swiftdeploy:manifest: manifest.yaml")).name).toBe("docker");
    expect(liveTargetOf({ configFile: "/nonexistent/Pulumi.x.yaml" }).name).toBe("docker");
  });

  it("refuses a target it does not know, saying where it came from and what it expects", () => {
    expect(() => liveTargetOf(configFile("swiftdeploy:target: nomad"))).toThrow(
      expect.objectContaining({
        code: ErrorCode.ConfigInvalid,
        message:
          'the stack\'s target "nomad" is unknown (swiftdeploy:target in the stack config)\n  - expected one of: docker, kubernetes',
      }),
    );
  });
});

describe("the targets' limits", () => {
  it("docker can do everything; kubernetes has no dashboard yet", () => {
    expect(() => requireFeature(LIVE_TARGETS.docker, "dashboard")).not.toThrow();
    expect(() => requireFeature(LIVE_TARGETS.kubernetes, "dashboard")).toThrow(
      expect.objectContaining({ code: ErrorCode.NotOnTarget }),
    );
  });

  it("deploy prints, per target, what it adds to the public URLs", () => {
    const docker = readOutputs({
      dashboard: { value: "ssh -L 9180:127.0.0.1:9180 root@h", secret: false },
      detectorUnitState: { value: "active", secret: false },
    });
    expect(LIVE_TARGETS.docker.deployedLines(docker)).toEqual([
      ["dashboard", "ssh -L 9180:127.0.0.1:9180 root@h"],
      ["detector", "active"],
      ["private", "OPA, /metrics and /chaos: swiftdeploy status, swiftdeploy chaos (through SSH)"],
    ]);
    const kubernetes = readOutputs({
      namespace: { value: "sd", secret: false },
      publicEndpoint: {
        value: "NodePort 30080 on every node labelled swiftdeploy.dev/edge=true",
        secret: false,
      },
    });
    expect(LIVE_TARGETS.kubernetes.deployedLines(kubernetes)).toEqual([
      ["entry", "NodePort 30080 on every node labelled swiftdeploy.dev/edge=true"],
      ["namespace", "sd"],
      [
        "detector",
        "a DaemonSet on the edge nodes: it reads Nginx's pod log on its node and bans in the node's kernel; one ban list for every node (swiftdeploy bans)",
      ],
      [
        "private",
        "OPA, /metrics and /chaos: swiftdeploy status, swiftdeploy chaos (kubectl port-forward)",
      ],
    ]);
  });

  it("the docker target's public URL is its publicUrl output", async () => {
    const outputs = readOutputs({
      publicUrl: { value: "http://203.0.113.10:8080/", secret: false },
    });
    expect(await LIVE_TARGETS.docker.publicUrls({} as never, outputs)).toEqual([
      "http://203.0.113.10:8080/",
    ]);
  });
});
