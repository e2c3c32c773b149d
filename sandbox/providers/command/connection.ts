import { Client } from "ssh2";
import type { ConnectConfig } from "ssh2";
import type { ResourceLog } from "../shared/engine-log";
import type { Shape } from "../shared/input-schema";
import { object, value } from "../shared/input-schema";

/** The official `command.types.input.remote.ConnectionArgs`, secrets revealed, defaults applied by the SDK. */
export interface Connection {
  host: string;
  port?: number;
  user?: string;
  privateKey?: string;
  privateKeyPassword?: string;
  password?: string;
  hostKey?: string;
  agentSocketPath?: string;
  dialErrorLimit?: number;
  perDialTimeout?: number;
}

/** Accepted connection fields (`proxy` is not implemented). */
export const CONNECTION_SHAPE: Shape = object({
  host: value,
  port: value,
  user: value,
  privateKey: value,
  privateKeyPassword: value,
  password: value,
  hostKey: value,
  agentSocketPath: value,
  dialErrorLimit: value,
  perDialTimeout: value,
});

function connectConfig(c: Connection): ConnectConfig {
  const config: ConnectConfig = {
    host: c.host,
    port: c.port ?? 22,
    username: c.user ?? "root",
    // perDialTimeout 0 means no maximum; ssh2 needs a number, so a day stands in for "none".
    readyTimeout: (c.perDialTimeout ?? 15) === 0 ? 86_400_000 : (c.perDialTimeout ?? 15) * 1000,
  };
  if (c.privateKey) config.privateKey = c.privateKey;
  if (c.privateKeyPassword) config.passphrase = c.privateKeyPassword;
  if (c.password) config.password = c.password;
  const agent = c.agentSocketPath ?? process.env["SSH_AUTH_SOCK"];
  if (agent) config.agent = agent;
  if (c.hostKey) {
    const expected = c.hostKey.trim().split(/\s+/)[1] ?? c.hostKey.trim();
    config.hostVerifier = (key: Buffer) => key.toString("base64") === expected;
  }
  // The private key goes first: it "takes preference over the password" (official docs).
  config.authHandler = ["publickey", "agent", "password"].filter((m) =>
    m === "publickey" ? !!c.privateKey : m === "agent" ? !!agent : !!c.password,
  ) as ConnectConfig["authHandler"];
  return config;
}

function dialOnce(config: ConnectConfig): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once("ready", () => resolve(client));
    client.once("error", (error) => {
      client.end();
      reject(error);
    });
    client.connect(config);
  });
}

/**
 * Dials the host over SSH, retrying up to `dialErrorLimit` failed attempts (-1: no limit) one
 * second apart, each bounded by `perDialTimeout` seconds, like the official provider.
 */
export async function dial(c: Connection, log: ResourceLog): Promise<Client> {
  const limit = c.dialErrorLimit ?? 10;
  const config = connectConfig(c);
  for (let attempt = 1; ; attempt++) {
    try {
      return await dialOnce(config);
    } catch (error) {
      const message = (error as Error).message;
      log.debug(
        `ssh ${config.username}@${c.host}:${config.port} attempt ${attempt} failed: ${message}`,
      );
      if (
        /authentication methods failed|host key|verification failed/i.test(message) ||
        (limit >= 0 && attempt >= limit)
      ) {
        throw new Error(
          `ssh to ${config.username}@${c.host}:${config.port} failed after ${attempt} attempt(s): ${message}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
