import { describe, expect, it } from "vitest";
import {
  containerCreateArgs,
  restartPolicy,
} from "../../../../../sandbox/providers/docker/container-args";

describe("containerCreateArgs", () => {
  it("maps a hardened container to docker create flags, env through the env file only", () => {
    const { args, attachments } = containerCreateArgs(
      {
        name: "api",
        image: "sha256:abc",
        envs: ["TOKEN=secret"],
        user: "1000:1000",
        readOnly: true,
        capabilities: { adds: ["NET_BIND_SERVICE"], drops: ["ALL"] },
        memory: 128,
        memorySwap: -1,
        ports: [
          { internal: 80, external: 8080, ip: "127.0.0.1" },
          { internal: 53, protocol: "udp" },
        ],
        networksAdvanced: [
          { name: "front", aliases: ["api", "www"] },
          { name: "back", aliases: ["api-internal"], ipv4Address: "10.0.0.5" },
        ],
        healthcheck: {
          tests: ["CMD", "curl", "-f", "http://localhost/health check"],
          interval: "5s",
          timeout: "0s",
          retries: 3,
        },
        restart: "on-failure",
        maxRetryCount: 4,
        tmpfs: { "/tmp": "size=8m" },
        mounts: [{ type: "bind", source: "/etc/app", target: "/config", readOnly: true }],
        command: ["serve"],
        entrypoints: ["/usr/bin/tini", "--"],
      },
      "/tmp/x/env",
    );
    expect(args).toEqual([
      "container",
      "create",
      "--name",
      "api",
      "--env-file",
      "/tmp/x/env",
      "--user",
      "1000:1000",
      "--read-only",
      "--cap-add",
      "NET_BIND_SERVICE",
      "--cap-drop",
      "ALL",
      "--publish",
      "127.0.0.1:8080:80/tcp",
      "--publish",
      "0.0.0.0::53/udp",
      "--mount",
      "type=bind,target=/config,source=/etc/app,readonly",
      "--tmpfs",
      "/tmp:size=8m",
      "--health-cmd",
      "curl -f 'http://localhost/health check'",
      "--health-interval",
      "5s",
      "--health-retries",
      "3",
      "--restart",
      "on-failure:4",
      "--memory",
      "128m",
      "--memory-swap",
      "-1",
      "--network",
      "front",
      "--network-alias",
      "api",
      "--network-alias",
      "www",
      "--entrypoint",
      "/usr/bin/tini",
      "sha256:abc",
      "--",
      "serve",
    ]);
    expect(args.join(" ")).not.toContain("secret");
    expect(attachments).toEqual([
      { network: "back", flags: ["--alias", "api-internal", "--ip", "10.0.0.5"] },
    ]);
  });

  it("uses networkMode when no networksAdvanced are given, and --no-healthcheck for NONE", () => {
    const { args } = containerCreateArgs(
      { name: "c", image: "i", networkMode: "none", healthcheck: { tests: ["NONE"] } },
      undefined,
    );
    expect(args).toEqual([
      "container",
      "create",
      "--name",
      "c",
      "--no-healthcheck",
      "--restart",
      "no",
      "--network",
      "none",
      "i",
    ]);
  });

  it("publishes on an IPv6 host address in brackets, as the docker CLI reads it", () => {
    const { args } = containerCreateArgs(
      {
        name: "c",
        image: "i",
        ports: [
          { internal: 8080, external: 80, ip: "0.0.0.0" },
          { internal: 8080, external: 80, ip: "::" },
        ],
      },
      undefined,
    );
    expect(args.filter((_, i) => args[i - 1] === "--publish")).toEqual([
      "0.0.0.0:80:8080/tcp",
      "[::]:80:8080/tcp",
    ]);
  });

  it.each([
    ["no", undefined, "no"],
    ["on-failure", 0, "on-failure"],
    ["on-failure", 2, "on-failure:2"],
    ["always", 5, "always"],
  ] as const)("restartPolicy(%s, %s) is %s", (restart, retries, expected) => {
    expect(restartPolicy(restart, retries)).toBe(expected);
  });
});
