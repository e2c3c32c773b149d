import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle } from "../../kit/api/api-process";
import { REPO_ROOT } from "../../kit/repo-root";
import { docker, dockerQuiet, poll, requireDocker } from "../../kit/docker/docker-sync";
import { request } from "../../kit/api/http";

const NODE_RUNTIME_VERSION = /^NODE_RUNTIME_VERSION=(\S+)$/m.exec(
  readFileSync(path.join(REPO_ROOT, "scripts/versions.env"), "utf8"),
)?.[1];
const BASE_IMAGE = `swiftdeploy/node-runtime:${NODE_RUNTIME_VERSION}`;
const id = randomBytes(4).toString("hex");
const TAG = `swiftdeploy-api-test:${id}`;
const NAME = `swiftdeploy-api-test-${id}`;

let port = 0;

beforeAll(() => {
  requireDocker([BASE_IMAGE]);
  buildBundle();
  docker([
    "build",
    "-q",
    "-f",
    path.join(REPO_ROOT, "api/Dockerfile"),
    "-t",
    TAG,
    path.join(REPO_ROOT, "dist/api"),
  ]);
  docker([
    "run",
    "-d",
    "--name",
    NAME,
    "-e",
    "MODE=canary",
    "-p",
    "127.0.0.1::3000",
    "--health-interval",
    "1s",
    "--health-start-period",
    "1s",
    "--cap-drop",
    "ALL",
    "--read-only",
    "--security-opt",
    "no-new-privileges",
    TAG,
  ]);
  const mapped = docker(["port", NAME, "3000/tcp"]).split("\n")[0] ?? "";
  port = Number(mapped.split(":").pop());
});

afterAll(() => {
  dockerQuiet(["rm", "-f", NAME]);
  dockerQuiet(["rmi", "-f", TAG]);
});

describe("the API image", () => {
  it("defaults to the base image of the pinned Node runtime version", () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, "api/Dockerfile"), "utf8");
    expect(dockerfile).toContain(`ARG BASE_IMAGE=${BASE_IMAGE}\nFROM \${BASE_IMAGE}\n`);
  });

  it("answers /healthz through its published loopback port", async () => {
    const res = await poll(() => request(port, "/healthz"), 100, 100);
    expect(res.status).toBe(200);
    expect(res.headers["x-mode"]).toBe("canary");
    expect(JSON.parse(res.body)).toMatchObject({ status: "ok" });
  });

  it("reports healthy through its own HEALTHCHECK", async () => {
    const status = await poll(
      () => {
        const s = docker(["inspect", "-f", "{{.State.Health.Status}}", NAME]);
        return s === "healthy" ? s : undefined;
      },
      60,
      500,
    );
    expect(status).toBe("healthy");
  });

  it("runs its server as the non-root user 10001", () => {
    expect(docker(["inspect", "-f", "{{.Config.User}}", TAG])).toBe("10001:10001");
    const status = docker([
      "exec",
      NAME,
      "node",
      "-e",
      "process.stdout.write(require('fs').readFileSync('/proc/1/status','utf8'))",
    ]);
    expect(status).toMatch(/^Uid:\t10001\t10001\t10001\t10001$/m);
    expect(
      docker([
        "exec",
        NAME,
        "node",
        "-p",
        "require('fs').readFileSync('/proc/1/cmdline','utf8').split('\\0').join(' ').trim()",
      ]),
    ).toBe("node /app/server.js");
  });

  it("adds only the bundle to the base image", () => {
    const size = Number(docker(["image", "inspect", "-f", "{{.Size}}", TAG]));
    const base = Number(docker(["image", "inspect", "-f", "{{.Size}}", BASE_IMAGE]));
    console.log(`image ${TAG}: ${(size / 1e6).toFixed(1)} MB (base ${(base / 1e6).toFixed(1)} MB)`);
    expect(size - base).toBeLessThan(5_000_000);
  });

  it("drains and exits 0 on docker stop", () => {
    docker(["stop", "-t", "10", NAME]);
    expect(docker(["inspect", "-f", "{{.State.ExitCode}}", NAME])).toBe("0");
    expect(docker(["logs", NAME])).toContain('"msg":"shutdown complete"');
  });
});
