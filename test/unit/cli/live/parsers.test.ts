import { describe, expect, it } from "vitest";
import { parseContainers } from "../../../../cli/live/containers";
import { framedCommand, parseFramed } from "../../../../cli/live/framed-exec";
import { trackContainer } from "../../../../cli/live/metrics-source";
import { parseProxyWeights } from "../../../../cli/status/nginx-weights";

const inspect = (
  name: string,
  labels: Record<string, string>,
  ip: string,
  running = true,
  health = "healthy",
) => ({
  Name: `/${name}`,
  Config: { Labels: labels },
  State: { Running: running, Health: { Status: health } },
  NetworkSettings: { Networks: { "swiftdeploy-net": { IPAddress: ip } } },
});

describe("parseContainers (docker inspect)", () => {
  const output = JSON.stringify([
    inspect(
      "api-stable-1.0.0",
      { "dev.swiftdeploy.role": "api-stable", "dev.swiftdeploy.version": "1.0.0" },
      "172.18.0.2",
    ),
    inspect(
      "api-canary-1.1.0",
      { "dev.swiftdeploy.role": "api-canary", "dev.swiftdeploy.version": "1.1.0" },
      "172.18.0.3",
      true,
      "starting",
    ),
    inspect("api-opa", { "dev.swiftdeploy.role": "opa" }, "172.18.0.4", false),
  ]);

  it("reads name, role, version, address and health, sorted by name", () => {
    expect(parseContainers(output)).toEqual([
      {
        name: "api-canary-1.1.0",
        role: "api-canary",
        version: "1.1.0",
        address: "172.18.0.3",
        running: true,
        health: "starting",
      },
      {
        name: "api-opa",
        role: "opa",
        version: null,
        address: "172.18.0.4",
        running: false,
        health: "stopped",
      },
      {
        name: "api-stable-1.0.0",
        role: "api-stable",
        version: "1.0.0",
        address: "172.18.0.2",
        running: true,
        health: "healthy",
      },
    ]);
    expect(parseContainers("")).toEqual([]);
  });

  it("picks a track's container at the manifest's version, never another version's", () => {
    const containers = parseContainers(output);
    expect(trackContainer(containers, "canary", "1.1.0")?.name).toBe("api-canary-1.1.0");
    expect(trackContainer(containers, "canary", "1.2.0")).toBeUndefined();
  });
});

describe("parseProxyWeights (the deployed nginx.conf)", () => {
  it("reads the split from the upstream's server lines", () => {
    const conf =
      "http {\n    upstream swiftdeploy_api {\n        server api-stable:3000 weight=90;\n        server api-canary:3000 weight=10;\n    }\n}\n";
    expect(parseProxyWeights(conf)).toEqual({ stable: 90, canary: 10 });
  });

  it("reads stable alone as 100/0 and a canary alone as 0/100", () => {
    expect(parseProxyWeights("upstream u {\n server api-stable:3000 weight=100;\n}")).toEqual({
      stable: 100,
      canary: 0,
    });
    expect(
      parseProxyWeights("upstream u {\n server api-canary:3000 max_fails=1 weight=100;\n}"),
    ).toEqual({ stable: 0, canary: 100 });
  });

  it("is null without an upstream it knows", () => {
    expect(parseProxyWeights("events {}\n")).toBeNull();
  });
});

describe("framed commands", () => {
  it("carry the exit status in the output", () => {
    expect(framedCommand("false")).toBe(
      "{ false\n} 2>&1; printf '\\n@@swiftdeploy-exit %s\\n' \"$?\"",
    );
    expect(parseFramed("oops\n\n@@swiftdeploy-exit 3\n")).toEqual({
      exitCode: 3,
      output: "oops\n",
    });
    expect(parseFramed("cut short")).toEqual({ exitCode: 1, output: "cut short" });
  });
});
