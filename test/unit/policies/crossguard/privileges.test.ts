import { describe, expect, it } from "vitest";
import {
  noAddedCapabilities,
  noDockerSocketMount,
  noPrivilegedContainers,
} from "../../../../policies/crossguard/privileges";
import { changed, compliantContainer, violations } from "../kit";

describe("no-privileged-containers", () => {
  it("flags privileged: true", async () => {
    expect(
      await violations(noPrivilegedContainers, {
        props: changed(compliantContainer(), "privileged", true),
      }),
    ).toEqual([
      'container "api" (role api-stable) must not be privileged: remove `privileged: true` and add only the capabilities it needs (allowedCapabilities).',
    ]);
  });

  it("accepts privileged: false", async () => {
    expect(
      await violations(noPrivilegedContainers, {
        props: changed(compliantContainer(), "privileged", false),
      }),
    ).toEqual([]);
  });
});

describe("no-added-capabilities", () => {
  const adding = (...adds: string[]) =>
    changed(compliantContainer(), "capabilities", { adds, drops: ["ALL"] });

  it("flags a capability that is not allowed, whatever its spelling", async () => {
    expect(await violations(noAddedCapabilities, { props: adding("cap_net_admin") })).toEqual([
      'container "api" (role api-stable) must not add capabilities NET_ADMIN: remove them from `capabilities.adds`, or allow them in the pack\'s allowedCapabilities (now: none).',
    ]);
  });

  it("accepts a capability on the configured allow-list", async () => {
    const config = { allowedCapabilities: ["NET_BIND_SERVICE"] };
    expect(
      await violations(noAddedCapabilities, { props: adding("CAP_NET_BIND_SERVICE") }, config),
    ).toEqual([]);
  });

  it("lists every extra capability in one violation and names the allow-list", async () => {
    const config = { allowedCapabilities: ["NET_BIND_SERVICE"] };
    expect(
      await violations(
        noAddedCapabilities,
        { props: adding("SYS_ADMIN", "NET_BIND_SERVICE", "NET_RAW") },
        config,
      ),
    ).toEqual([
      expect.stringContaining(
        "must not add capabilities SYS_ADMIN, NET_RAW: remove them from `capabilities.adds`, or allow them in the pack's allowedCapabilities (now: NET_BIND_SERVICE)",
      ),
    ]);
  });

  it("accepts dropping capabilities", async () => {
    expect(await violations(noAddedCapabilities, { props: compliantContainer() })).toEqual([]);
  });
});

describe.each([
  [
    "a volume of the socket",
    { volumes: [{ hostPath: "/var/run/docker.sock", containerPath: "/var/run/docker.sock" }] },
    "/var/run/docker.sock",
  ],
  [
    "a volume of /run/docker.sock",
    { volumes: [{ hostPath: "/run/docker.sock", containerPath: "/d.sock" }] },
    "/run/docker.sock",
  ],
  [
    "a volume of the directory holding it",
    { volumes: [{ hostPath: "/var/run/", containerPath: "/host-run" }] },
    "/var/run/",
  ],
  [
    "a bind mount of the socket",
    { mounts: [{ type: "bind", source: "/var/run/docker.sock", target: "/s" }] },
    "/var/run/docker.sock",
  ],
  ["the host's root", { volumes: [{ hostPath: "/", containerPath: "/host" }] }, "/"],
])("no-docker-socket-mount with %s", (_, change, hostPath) => {
  it("flags it once, naming the path", async () => {
    const props = { ...compliantContainer(), ...change };
    expect(await violations(noDockerSocketMount, { props })).toEqual([
      `container "api" (role api-stable) must not mount ${hostPath}: it exposes the Docker socket, which is root on the host. Remove that volume or mount.`,
    ]);
  });
});

describe("no-docker-socket-mount", () => {
  it.each([
    [
      "a log directory volume",
      { volumes: [{ hostPath: "/var/log/swiftdeploy", containerPath: "/var/log/nginx" }] },
    ],
    ["a named volume", { volumes: [{ volumeName: "data", containerPath: "/data" }] }],
    [
      "a volume mount named like the socket",
      { mounts: [{ type: "volume", source: "docker.sock", target: "/x" }] },
    ],
    ["a tmpfs mount", { mounts: [{ type: "tmpfs", target: "/tmp" }] }],
  ])("accepts %s", async (_, change) => {
    expect(
      await violations(noDockerSocketMount, { props: { ...compliantContainer(), ...change } }),
    ).toEqual([]);
  });
});
