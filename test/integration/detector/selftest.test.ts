import { randomBytes, randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildDetector, runDetector } from "../../kit/detector/cli";
import { tempDir } from "../../kit/detector/files";
import { ipsetEntries, removeKernelObjects, rulesMentioning } from "../../kit/detector/kernel";
import { must, requireTools, sh } from "../../kit/detector/sh";

// The self-test against a real Docker-published port: a container publishing on an address this
// test adds to the loopback interface (nothing is exposed on the machine's own interfaces).
const IMAGE = "swiftdeploy/node-runtime:22.23.3";
let tmp = tempDir("selftest");
let name = "";
let container = "";
let extraAddress = "";

beforeAll(() => {
  requireTools({ ip: "iproute2", ipset: "ipset", iptables: "iptables", docker: "docker.io" });
  if (sh(["docker", "image", "inspect", IMAGE]).code !== 0)
    throw new Error(
      `image ${IMAGE} is missing: run \`npm run setup\` (it builds the local images)`,
    );
  buildDetector();
});
afterAll(() => tmp.cleanup());
afterEach(() => {
  if (container !== "") sh(["docker", "rm", "-f", container]);
  if (extraAddress !== "") sh(["ip", "addr", "del", `${extraAddress}/32`, "dev", "lo"]);
  if (name !== "") removeKernelObjects(name);
  container = extraAddress = name = "";
  tmp.cleanup();
  tmp = tempDir("selftest");
});

/** A container whose port 8080 Docker publishes on `<address>:<port>`, and a config for the test. */
function publishedPort(chains: { dockerUser: boolean; input: boolean }): {
  config: string;
  state: string;
  address: string;
  port: number;
} {
  const id = randomBytes(2).toString("hex");
  name = `sdt${id}`;
  const address = `198.18.${randomInt(1, 200)}.${randomInt(1, 250)}`;
  const port = 19_000 + randomInt(0, 900);
  must(["ip", "addr", "add", `${address}/32`, "dev", "lo"]);
  extraAddress = address;
  container = `${name}-web`;
  must([
    "docker",
    "run",
    "-d",
    "--name",
    container,
    "-p",
    `${address}:${port}:8080`,
    IMAGE,
    "node",
    "-e",
    "require('http').createServer((q, s) => s.end('ok')).listen(8080)",
  ]);
  const state = tmp.file("state");
  const config = tmp.file("detector.json");
  fs.writeFileSync(
    config,
    JSON.stringify({
      stateDir: state,
      enforcement: { setName: name, chains, ipv6: false },
      selftest: {
        dockerPorts: [port],
        subnet: `198.18.${randomInt(201, 254)}.${4 * randomInt(1, 60)}/30`,
      },
    }),
  );
  return { config, state, address, port };
}

function noTestNamespaceLeft(): boolean {
  return !sh(["ip", "netns", "list"]).stdout.includes("sd-selftest-");
}

describe("swiftdeploy-detector selftest", () => {
  it("passes on a correct host: a banned address is dropped on a host port (INPUT) and a Docker-published port (DOCKER-USER)", () => {
    const bed = publishedPort({ dockerUser: true, input: true });
    const r = runDetector(["selftest", "--config", bed.config, "--setup"]);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as {
      ok: boolean;
      checks: { name: string; path: string; before: string; after: string; ok: boolean }[];
    };
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => [c.path, c.ok, c.after])).toEqual([
      ["INPUT", true, "timeout"],
      ["FORWARD", true, "timeout"],
    ]);
    expect(result.checks[1]!.name).toBe(`Docker-published port ${bed.address}:${bed.port}`);
    expect(result.checks[1]!.before).toBe("connected");
    const saved = JSON.parse(fs.readFileSync(path.join(bed.state, "selftest.json"), "utf8")) as {
      ok: boolean;
    };
    expect(saved.ok).toBe(true);
    expect(ipsetEntries(`${name}-v4`)).toEqual([]);
    expect(noTestNamespaceLeft()).toBe(true);
  });

  it("fails loudly when the bans sit only in INPUT in front of a Docker-published port (the seed's mistake)", () => {
    const bed = publishedPort({ dockerUser: false, input: true });
    const r = runDetector(["selftest", "--config", bed.config, "--setup"]);
    expect(r.status).toBe(1);
    // Two INPUT rules: the SSH port (inputExemptPorts, default [22]) is left open, so TCP to every
    // other port and everything not TCP are dropped apart.
    expect(rulesMentioning(name).map((l) => l.split(" ")[2])).toEqual(["INPUT", "INPUT"]);
    const result = JSON.parse(r.stdout) as {
      ok: boolean;
      message: string;
      checks: { ok: boolean; after: string }[];
    };
    expect(result.ok).toBe(false);
    expect(result.checks.map((c) => [c.ok, c.after])).toEqual([
      [true, "timeout"],
      [false, "connected"],
    ]);
    expect(result.message).toContain(
      `NOT dropped: a banned address reached ${bed.address}:${bed.port} (connected): bans are not on the forward path (DOCKER-USER): rules in INPUT alone do not stop traffic to Docker-published ports`,
    );
    expect(r.stderr).toContain("ENFORCEMENT SELF-TEST FAILED");
    expect(ipsetEntries(`${name}-v4`)).toEqual([]);
    expect(noTestNamespaceLeft()).toBe(true);
  });
});
