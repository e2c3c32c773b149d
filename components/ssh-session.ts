import { createServer, type AddressInfo, type Socket } from "node:net";
import { Client, type ConnectConfig, type ServerHostKeyAlgorithm } from "ssh2";
import { ErrorCode, SwiftDeployError } from "../core/errors";
import { hostKeyAlgorithms, hostKeyMismatch, parseHostKeys } from "../core/ssh-host-key";

/** How the program reaches the Docker host itself (for the deploy gate and operator commands). */
export interface SshTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly privateKey: string;
  /** Pinned host keys (`swiftdeploy:sshHostKey`, one per entry); absent: the key is not checked. */
  readonly hostKeys?: readonly string[];
}

/** A loopback port forwarded through the SSH connection. */
export interface LocalForward {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * One SSH connection to the host: runs commands and forwards local ports to addresses only the host
 * can reach (containers on the internal network), without publishing any port.
 */
export class SshSession {
  private constructor(
    private readonly client: Client,
    /** The pinned key the host presented (`type base64`), when keys are pinned. */
    readonly hostKey: string | undefined,
  ) {}

  /**
   * Connects, with a bounded time to fail and a clear message naming the host. With pinned host
   * keys, the host must present one of them before anything is authenticated or run.
   */
  static connect(target: SshTarget, timeoutMs = 15_000): Promise<SshSession> {
    const client = new Client();
    const where = `${target.user}@${target.host}:${target.port}`;
    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: target.user,
      privateKey: target.privateKey,
      readyTimeout: timeoutMs,
    };
    const pinned = parseHostKeys((target.hostKeys ?? []).join("\n")).keys;
    if (target.hostKeys !== undefined && pinned.length === 0)
      return Promise.reject(
        new SwiftDeployError(ErrorCode.ConfigInvalid, `no valid host key pinned for ${where}`, [
          'set swiftdeploy:sshHostKey to the host\'s key, e.g. "ssh-ed25519 AAAA…"',
        ]),
      );
    let presented: Buffer | undefined;
    if (target.hostKeys !== undefined) {
      // Ask for the pinned key types only, so the host presents a key that can be compared.
      config.algorithms = {
        serverHostKey: pinned.flatMap((k) => hostKeyAlgorithms(k.type)) as ServerHostKeyAlgorithm[],
      };
      config.hostVerifier = (key: Buffer) => {
        presented = key;
        return pinned.some((k) => k.blob.equals(key));
      };
    }
    const matched = () => pinned.find((k) => presented !== undefined && k.blob.equals(presented));
    return new Promise((resolve, reject) => {
      client.once("ready", () => resolve(new SshSession(client, matched()?.line)));
      client.once("error", (error) => {
        client.end();
        if (presented !== undefined && matched() === undefined)
          return reject(hostKeyMismatch(where, pinned, presented));
        reject(
          new SwiftDeployError(
            ErrorCode.RemoteFailed,
            `cannot open SSH to ${where}: ${error.message}`,
            ["check host.address/host.port/host.user and the key in swiftdeploy:sshPrivateKey"],
          ),
        );
      });
      client.connect(config);
    });
  }

  /** Runs a command; resolves with its stdout, rejects with its stderr on a non-zero exit. */
  exec(commandLine: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.client.exec(commandLine, (error, stream) => {
        if (error) return reject(error);
        let stdout = "";
        let stderr = "";
        stream.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
        stream.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
        stream.on("close", (code: number | null) => {
          if (code === 0) resolve(stdout);
          else reject(new Error(`\`${commandLine}\` exited ${code}: ${stderr.trim()}`));
        });
      });
    });
  }

  /**
   * A loopback port on this machine that leads to host:port as the Docker host sees it, so any HTTP
   * client (fetch) can reach containers on the internal network. Close it with the returned function.
   */
  forward(target: { host: string; port: number }): Promise<LocalForward> {
    const open = new Set<Socket>();
    const server = createServer((socket) => {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      // A refused target (nothing listens there) closes the local socket; the client sees it closed.
      socket.on("error", () => undefined);
      this.client.forwardOut("127.0.0.1", 0, target.host, target.port, (error, channel) => {
        if (error) {
          socket.destroy();
          return;
        }
        socket.pipe(channel).pipe(socket);
        socket.on("error", () => channel.close());
        channel.on("error", () => socket.destroy());
      });
    });
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        resolve({
          baseUrl: `http://127.0.0.1:${port}`,
          // Idle keep-alive connections would hold server.close() open for as long as the
          // target's keep-alive timeout (72 s for a Node server): end them.
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              for (const socket of open) socket.destroy();
            }),
        });
      });
    });
  }

  close(): void {
    this.client.end();
  }
}
