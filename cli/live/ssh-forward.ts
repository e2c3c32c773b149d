import { spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { ForwardPlan } from "./ssh-forward-args";
import { classifySshFailure, sshComplaint, sshForwardArgs } from "./ssh-forward-args";

/** How an ssh process ended. */
export interface SshEnd {
  readonly code: number | null;
  readonly stderr: string;
}

/** A running `ssh -N -L`. */
export interface SshProcess {
  readonly pid: number | undefined;
  /** Resolves when ssh has ended (never rejects). */
  readonly ended: Promise<SshEnd>;
  stop(): void;
}

/** What opening a forward touches: the ssh process and this machine's loopback ports. */
export interface ForwardWorld {
  spawnSsh(args: readonly string[]): SshProcess;
  /** Nothing listens on 127.0.0.1:port now. */
  portFree(port: number): Promise<boolean>;
  /** A connection to 127.0.0.1:port is accepted. */
  accepts(port: number): Promise<boolean>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** Where to forward from and how patient to be. */
export interface ForwardRequest extends Omit<ForwardPlan, "localPort"> {
  readonly firstPort: number;
  /** The port was asked for (--port): if it is busy, say so instead of taking the next one. */
  readonly fixedPort: boolean;
  /** Ports tried from firstPort up when it is not fixed. */
  readonly attempts?: number;
  readonly readyTimeoutMs?: number;
  /** True once the operator gave up waiting (Ctrl-C): ssh is stopped and nothing is opened. */
  readonly cancelled?: () => boolean;
}

/** An open forward. */
export interface OpenForward {
  readonly localPort: number;
  readonly url: string;
  /** The ssh command line, for the operator (the key is a file path, never its content). */
  readonly command: string;
  readonly pid: number | undefined;
  /** Resolves if ssh ends on its own (connection lost, killed). */
  readonly ended: Promise<SshEnd>;
  /** Stops ssh and waits until it has ended. */
  close(): Promise<void>;
}

type Attempt =
  | { readonly up: true }
  | { readonly up: false; readonly end: SshEnd }
  | { readonly up: false; readonly timedOut: true }
  | { readonly up: false; readonly cancelled: true };

async function waitUntilUp(
  ssh: SshProcess,
  port: number,
  world: ForwardWorld,
  timeoutMs: number,
  cancelled: () => boolean,
): Promise<Attempt> {
  let end: SshEnd | undefined;
  void ssh.ended.then((e) => (end = e));
  const deadline = world.now() + timeoutMs;
  while (world.now() < deadline) {
    if (cancelled()) {
      ssh.stop();
      await ssh.ended;
      return { up: false, cancelled: true };
    }
    if (end !== undefined) return { up: false, end };
    const accepted = await world.accepts(port);
    if (end !== undefined) return { up: false, end };
    if (accepted) return { up: true };
    await world.sleep(100);
  }
  ssh.stop();
  await ssh.ended;
  return { up: false, timedOut: true };
}

function failure(request: ForwardRequest, port: number, end: SshEnd): SwiftDeployError {
  const target = `${request.ssh.user}@${request.ssh.host}:${request.ssh.port}`;
  const said = sshComplaint(end.stderr) || `ssh exited ${end.code ?? "on a signal"}`;
  switch (classifySshFailure(end.stderr).kind) {
    case "refused-key":
      return new SwiftDeployError(ErrorCode.RemoteFailed, `${target} refused the stack's key`, [
        said,
        "check host.user in the manifest and the key in swiftdeploy:sshPrivateKey(File)",
      ]);
    case "host-key-changed": {
      const check = request.hostKeyCheck;
      const pinned = check.mode === "pinned";
      return new SwiftDeployError(
        ErrorCode.HostKeyMismatch,
        pinned
          ? `the SSH host key of ${target} is not the one pinned in swiftdeploy:sshHostKey; nothing was forwarded`
          : `the SSH host key of ${target} is not the one recorded in ${check.mode === "off" ? "known_hosts" : check.knownHostsFile} the first time; nothing was forwarded`,
        [
          said,
          ...(pinned
            ? [
                'if the host was reinstalled or its keys rotated: read the new fingerprint on the host itself (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on its console), and only if it matches: pulumi config set swiftdeploy:sshHostKey "$(ssh-keyscan -t ed25519 <host>)"',
              ]
            : check.mode === "accept-new"
              ? [
                  `if the host was reinstalled, and only after checking its new fingerprint on the host itself: ssh-keygen -f ${check.knownHostsFile} -R ${request.ssh.port === 22 ? request.ssh.host : `[${request.ssh.host}]:${request.ssh.port}`}`,
                ]
              : []),
          "otherwise something between this machine and the host may be intercepting the connection",
        ],
      );
    }
    case "unreachable":
      return new SwiftDeployError(ErrorCode.RemoteFailed, `cannot reach ${target} over SSH`, [
        said,
        "check host.address and host.port in the manifest, and that sshd runs there",
      ]);
    default:
      return new SwiftDeployError(
        ErrorCode.RemoteFailed,
        `ssh could not forward 127.0.0.1:${port} to ${request.remote.host}:${request.remote.port} on ${target}`,
        [said],
      );
  }
}

/**
 * Starts `ssh -N -L` from a free loopback port, trying the next ports when one is busy (unless
 * the port was asked for), and resolves once the local port accepts connections; null when
 * cancelled before that.
 */
export async function openSshForward(
  request: ForwardRequest,
  world: ForwardWorld,
): Promise<OpenForward | null> {
  const cancelled = request.cancelled ?? (() => false);
  const attempts = request.fixedPort ? 1 : (request.attempts ?? 10);
  const busy: number[] = [];
  for (let localPort = request.firstPort; localPort < request.firstPort + attempts; localPort++) {
    if (localPort > 65_535) break;
    if (!(await world.portFree(localPort))) {
      busy.push(localPort);
      continue;
    }
    const args = sshForwardArgs({ ...request, localPort });
    const ssh = world.spawnSsh(args);
    const attempt = await waitUntilUp(
      ssh,
      localPort,
      world,
      request.readyTimeoutMs ?? 20_000,
      cancelled,
    );
    if (attempt.up) {
      return {
        localPort,
        url: `http://127.0.0.1:${localPort}/`,
        command: ["ssh", ...args].join(" "),
        pid: ssh.pid,
        ended: ssh.ended,
        close: async () => {
          ssh.stop();
          await ssh.ended;
        },
      };
    }
    if ("cancelled" in attempt) return null;
    if ("timedOut" in attempt) {
      throw new SwiftDeployError(
        ErrorCode.TimedOut,
        `the SSH forward to ${request.ssh.user}@${request.ssh.host} was not up within ${Math.round((request.readyTimeoutMs ?? 20_000) / 1000)} s`,
        ["is the host slow to answer? try again, or check it with: swiftdeploy validate"],
      );
    }
    // Someone took the port between the check and ssh's bind: like a busy port.
    if (classifySshFailure(attempt.end.stderr).kind === "port-in-use") {
      busy.push(localPort);
      continue;
    }
    throw failure(request, localPort, attempt.end);
  }
  throw new SwiftDeployError(
    ErrorCode.RemoteFailed,
    request.fixedPort
      ? `local port ${request.firstPort} is in use`
      : `local ports ${request.firstPort}-${request.firstPort + attempts - 1} are all in use (${busy.length} tried)`,
    [
      request.fixedPort
        ? "pass another --port, or leave --port out to take the next free one"
        : "pass a free one with --port N",
    ],
  );
}

/** The real world: OpenSSH's `ssh` (the given path) and loopback sockets. */
export function systemForwardWorld(
  sshPath: string,
  env: Readonly<Record<string, string | undefined>>,
): ForwardWorld {
  return {
    spawnSsh(args) {
      // Its own process group: Ctrl-C reaches only the CLI, which stops ssh and says so, instead
      // of ssh dying first and looking like a lost connection.
      const child = spawn(sshPath, [...args], {
        env: { ...env },
        stdio: ["ignore", "ignore", "pipe"],
        detached: true,
      });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      const ended = new Promise<SshEnd>((resolve) => {
        child.once("error", (error) =>
          resolve({ code: null, stderr: `${stderr}${error.message}` }),
        );
        child.once("close", (code) => resolve({ code, stderr }));
      });
      return { pid: child.pid, ended, stop: () => void child.kill("SIGTERM") };
    },
    portFree: (port) =>
      new Promise((resolve) => {
        const server = createServer();
        server.once("error", () => resolve(false));
        server.listen({ port, host: "127.0.0.1", exclusive: true }, () =>
          server.close(() => resolve(true)),
        );
      }),
    accepts: (port) =>
      new Promise((resolve) => {
        const socket = connect({ port, host: "127.0.0.1" });
        socket.once("connect", () => {
          socket.destroy();
          resolve(true);
        });
        socket.once("error", () => resolve(false));
      }),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
  };
}
