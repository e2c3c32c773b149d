import { describe, expect, it } from "vitest";
import type { ForwardRequest, ForwardWorld, SshEnd } from "../../../../cli/live/ssh-forward";
import { openSshForward } from "../../../../cli/live/ssh-forward";
import {
  classifySshFailure,
  knownHostsLine,
  sshComplaint,
  sshForwardArgs,
} from "../../../../cli/live/ssh-forward-args";
import type { SwiftDeployError } from "../../../../core/errors";
import { ErrorCode } from "../../../../core/errors";

const request: ForwardRequest = {
  ssh: { host: "203.0.113.10", port: 2222, user: "deploy" },
  keyFile: "/tmp/k/key",
  hostKeyCheck: { mode: "accept-new", knownHostsFile: "/srv/app/.swiftdeploy/known_hosts" },
  remote: { host: "127.0.0.1", port: 9180 },
  firstPort: 9180,
  fixedPort: false,
};

/**
 * A world of loopback ports and ssh runs: `busy` ports are taken, each spawned ssh behaves as
 * `outcomes` says in order ("up": its port starts accepting; an SshEnd: it exits with that).
 */
function twinWorld(busy: number[], outcomes: ("up" | "hang" | SshEnd)[]) {
  let now = 0;
  const listening = new Set<number>();
  const spawned: string[][] = [];
  const stopped: number[] = [];
  const world: ForwardWorld = {
    spawnSsh(args) {
      spawned.push([...args]);
      const index = spawned.length - 1;
      const outcome = outcomes[index] ?? "up";
      const port = Number(/^127\.0\.0\.1:(\d+):/.exec(args[2] ?? "")?.[1]);
      let finish: (end: SshEnd) => void = () => undefined;
      const ended = new Promise<SshEnd>((resolve) => (finish = resolve));
      if (outcome === "up") listening.add(port);
      else if (outcome !== "hang") finish(outcome);
      return {
        pid: 4000 + index,
        ended,
        stop: () => {
          stopped.push(index);
          listening.delete(port);
          finish({ code: 255, stderr: "Killed by signal 15." });
        },
      };
    },
    portFree: async (port) => !busy.includes(port),
    accepts: async (port) => listening.has(port),
    sleep: async (ms) => void (now += ms),
    now: () => now,
  };
  return { world, spawned, stopped };
}

const failed = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the forward to fail");
    },
    (error: SwiftDeployError) => error,
  );

describe("sshForwardArgs", () => {
  it("forwards a loopback port to the host's address with only the stack's key, no prompts", () => {
    expect(sshForwardArgs({ ...request, localPort: 9181 })).toEqual([
      "-N",
      "-L",
      "127.0.0.1:9181:127.0.0.1:9180",
      "-i",
      "/tmp/k/key",
      "-p",
      "2222",
      "-o",
      "IdentitiesOnly=yes",
      "-o",
      "BatchMode=yes",
      "-o",
      "ExitOnForwardFailure=yes",
      "-o",
      "ConnectTimeout=15",
      "-o",
      "ServerAliveInterval=15",
      "-o",
      "ServerAliveCountMax=3",
      "-o",
      "StrictHostKeyChecking=accept-new",
      "-o",
      "UserKnownHostsFile=/srv/app/.swiftdeploy/known_hosts",
      "-o",
      "ControlMaster=no",
      "-o",
      "ControlPath=none",
      "--",
      "deploy@203.0.113.10",
    ]);
  });

  it("brackets an IPv6 target and quotes a known-hosts path with spaces", () => {
    const args = sshForwardArgs({
      ...request,
      localPort: 9180,
      remote: { host: "::1", port: 9180 },
      hostKeyCheck: { mode: "accept-new", knownHostsFile: "/home/a b/.swiftdeploy/known_hosts" },
    });
    expect(args[2]).toBe("127.0.0.1:9180:[::1]:9180");
    expect(args).toContain('UserKnownHostsFile="/home/a b/.swiftdeploy/known_hosts"');
  });

  it.each([
    [
      { mode: "pinned", knownHostsFile: "/tmp/k/known_hosts" } as const,
      [
        "StrictHostKeyChecking=yes",
        "UserKnownHostsFile=/tmp/k/known_hosts",
        "GlobalKnownHostsFile=/dev/null",
      ],
    ],
    [{ mode: "off" } as const, ["StrictHostKeyChecking=no", "UserKnownHostsFile=/dev/null"]],
  ])("checks the host key as %j says", (hostKeyCheck, options) => {
    const args = sshForwardArgs({ ...request, localPort: 9180, hostKeyCheck });
    const given = args.filter(
      (_a, i) => args[i - 1] === "-o" && /KnownHosts|HostKey/.test(args[i]!),
    );
    expect(given).toEqual(options);
  });

  it("writes a pinned key as known_hosts does, with the port when it is not 22", () => {
    expect(knownHostsLine("203.0.113.10", 22, "ssh-ed25519 AAAAC3")).toBe(
      "203.0.113.10 ssh-ed25519 AAAAC3",
    );
    expect(knownHostsLine("203.0.113.10", 2222, "ssh-ed25519 AAAAC3")).toBe(
      "[203.0.113.10]:2222 ssh-ed25519 AAAAC3",
    );
  });
});

describe("classifySshFailure (OpenSSH 9.2's messages)", () => {
  it.each([
    [
      "bind [127.0.0.1]:9180: Address already in use\r\nchannel_setup_fwd_listener_tcpip: cannot listen to port: 9180\r\nCould not request local forwarding.",
      "port-in-use",
    ],
    ["deploy@203.0.113.10: Permission denied (publickey).", "refused-key"],
    [
      "@@@@@@@@\r\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\r\nHost key verification failed.",
      "host-key-changed",
    ],
    ["ssh: connect to host 203.0.113.10 port 2222: Connection refused", "unreachable"],
    ["ssh: connect to host 203.0.113.10 port 2222: Connection timed out", "unreachable"],
    ["ssh: Could not resolve hostname nowhere: Name or service not known", "unreachable"],
    ["something else", "other"],
  ])("%j is %s", (stderr, kind) => {
    expect(classifySshFailure(stderr).kind).toBe(kind);
  });

  it("leaves ssh's note about a newly recorded host key out of the complaint", () => {
    expect(
      sshComplaint(
        "Warning: Permanently added '203.0.113.10' (ED25519) to the list of known hosts.\r\nPermission denied (publickey).\r\n",
      ),
    ).toBe("Permission denied (publickey).");
  });
});

describe("openSshForward", () => {
  it("takes the dashboard's port when it is free and resolves once it accepts", async () => {
    const { world, spawned } = twinWorld([], ["up"]);
    const forward = await openSshForward(request, world);
    expect(forward).toMatchObject({ localPort: 9180, url: "http://127.0.0.1:9180/", pid: 4000 });
    expect(forward?.command).toMatch(
      /^ssh -N -L 127\.0\.0\.1:9180:127\.0\.0\.1:9180 -i \/tmp\/k\/key /,
    );
    expect(spawned).toHaveLength(1);
  });

  it("tries the next port when one is busy, and when ssh finds it taken after the check", async () => {
    const taken: SshEnd = {
      code: 255,
      stderr:
        "bind [127.0.0.1]:9181: Address already in use\r\nCould not request local forwarding.\r\n",
    };
    const { world, spawned } = twinWorld([9180], [taken, "up"]);
    const forward = await openSshForward(request, world);
    expect(forward?.localPort).toBe(9182);
    expect(spawned.map((args) => args[2])).toEqual([
      "127.0.0.1:9181:127.0.0.1:9180",
      "127.0.0.1:9182:127.0.0.1:9180",
    ]);
  });

  it("says so when every port tried is busy", async () => {
    const busy = Array.from({ length: 10 }, (_, i) => 9180 + i);
    const error = await failed(openSshForward(request, twinWorld(busy, []).world));
    expect(error.code).toBe(ErrorCode.RemoteFailed);
    expect(error.message).toBe(
      "local ports 9180-9189 are all in use (10 tried)\n  - pass a free one with --port N",
    );
  });

  it("does not move off a port that was asked for", async () => {
    const { world, spawned } = twinWorld([8181], []);
    const error = await failed(
      openSshForward({ ...request, firstPort: 8181, fixedPort: true }, world),
    );
    expect(error.message).toBe(
      "local port 8181 is in use\n  - pass another --port, or leave --port out to take the next free one",
    );
    expect(spawned).toEqual([]);
  });

  it.each([
    [
      "deploy@203.0.113.10: Permission denied (publickey).",
      "deploy@203.0.113.10:2222 refused the stack's key\n  - deploy@203.0.113.10: Permission denied (publickey).\n  - check host.user in the manifest and the key in swiftdeploy:sshPrivateKey(File)",
    ],
    [
      "ssh: connect to host 203.0.113.10 port 2222: Connection refused",
      "cannot reach deploy@203.0.113.10:2222 over SSH\n  - ssh: connect to host 203.0.113.10 port 2222: Connection refused\n  - check host.address and host.port in the manifest, and that sshd runs there",
    ],
  ])("explains a failed forward: %j", async (stderr, message) => {
    const error = await failed(
      openSshForward(request, twinWorld([], [{ code: 255, stderr }]).world),
    );
    expect(error.code).toBe(ErrorCode.RemoteFailed);
    expect(error.message).toBe(message);
  });

  it.each([
    [
      { mode: "pinned", knownHostsFile: "/tmp/k/known_hosts" } as const,
      "the SSH host key of deploy@203.0.113.10:2222 is not the one pinned in swiftdeploy:sshHostKey; nothing was forwarded",
      "pulumi config set swiftdeploy:sshHostKey",
    ],
    [
      request.hostKeyCheck,
      "the SSH host key of deploy@203.0.113.10:2222 is not the one recorded in /srv/app/.swiftdeploy/known_hosts the first time; nothing was forwarded",
      "ssh-keygen -f /srv/app/.swiftdeploy/known_hosts -R [203.0.113.10]:2222",
    ],
  ])(
    "refuses a host presenting another key (%j) with its own code",
    async (hostKeyCheck, message, fix) => {
      const end = { code: 255, stderr: "Host key verification failed.\r\n" };
      const error = await failed(
        openSshForward({ ...request, hostKeyCheck }, twinWorld([], [end]).world),
      );
      expect(error.code).toBe(ErrorCode.HostKeyMismatch);
      expect(error.message.split("\n")[0]).toBe(message);
      expect(error.message).toContain(fix);
    },
  );

  it("stops ssh and gives up when the forward is not up in time", async () => {
    const { world, stopped } = twinWorld([], ["hang"]);
    const error = await failed(openSshForward({ ...request, readyTimeoutMs: 3000 }, world));
    expect(error.code).toBe(ErrorCode.TimedOut);
    expect(error.message).toMatch(
      /^the SSH forward to deploy@203\.0\.113\.10 was not up within 3 s/,
    );
    expect(stopped).toEqual([0]);
  });

  it("stops ssh and opens nothing when cancelled while waiting", async () => {
    const { world, stopped } = twinWorld([], ["hang"]);
    let checks = 0;
    const forward = await openSshForward({ ...request, cancelled: () => ++checks > 3 }, world);
    expect(forward).toBeNull();
    expect(stopped).toEqual([0]);
  });
});
