import * as pulumi from "@pulumi/pulumi";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type { HostConfig } from "../core/manifest";
import { verifyHostKey, writeKnownHosts } from "./host-key-pin";
import type { SshTarget } from "./ssh-session";
import type * as command from "@pulumi/command";

/** How the stack reaches the Docker host. */
export interface HostAccess {
  /** For remote commands (@pulumi/command); its private key is a secret. */
  readonly connection: command.types.input.remote.ConnectionArgs;
  /** For the Docker provider: `ssh://user@host:port`. */
  readonly dockerHost: string;
  /** Extra ssh options for the Docker CLI (identity file, host key checking). */
  readonly sshOpts: pulumi.Input<string[]>;
  /** For the deploy gate's own SSH session. */
  readonly sshTarget: pulumi.Input<SshTarget>;
  /** A key file the program wrote from the secret key (the Docker CLI reads keys from files only). */
  readonly writtenKeyFile?: string;
}

/** Where the key is on the operator's machine, and its content (a secret). */
export interface HostKey {
  readonly file: pulumi.Output<string>;
  readonly content: pulumi.Output<string>;
  /** Set when the program wrote `file` from the secret: the stack removes it when destroyed. */
  readonly written?: string;
}

/**
 * The key for the host: a secret from config, or a key file. The Docker CLI's SSH transport reads
 * keys from files only, so a secret key is written to ~/.swiftdeploy/keys (0600) on every update,
 * the way ~/.ssh holds keys; the file path resolves only after the write, so nothing uses it
 * before. It stays while the stack exists (`pulumi destroy` needs it too) and goes with the stack.
 */
export function resolveHostKey(
  name: string,
  secret: pulumi.Output<string> | undefined,
  keyFile: string | undefined,
): HostKey {
  if (secret !== undefined) {
    const file = secret.apply((content) => writeKeyFile(name, content));
    return {
      file: pulumi.unsecret(file),
      content: pulumi.secret(secret),
      written: writtenKeyPath(name),
    };
  }
  const file = path.resolve(keyFile ?? "");
  return { file: pulumi.output(file), content: pulumi.secret(readFileSync(file, "utf8")) };
}

/** Where a secret key is written for the Docker CLI: ~/.swiftdeploy/keys/<project>-<stack>. */
export function writtenKeyPath(name: string): string {
  return path.join(homedir(), ".swiftdeploy", "keys", name);
}

function writeKeyFile(name: string, content: string): string {
  const file = writtenKeyPath(name);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, content.endsWith("\n") ? content : `${content}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

/**
 * SSH options for the Docker CLI: this key only, and the stack's host key policy; with pinned keys,
 * only the known_hosts file that holds them (StrictHostKeyChecking=yes).
 */
export function dockerSshOpts(
  keyFile: string,
  strictHostKeyChecking: string,
  pinnedKnownHosts?: string,
): string[] {
  const opts = ["-i", keyFile, "-o", "IdentitiesOnly=yes"];
  if (pinnedKnownHosts !== undefined)
    return [
      ...opts,
      "-o",
      "StrictHostKeyChecking=yes",
      "-o",
      `UserKnownHostsFile=${pinnedKnownHosts}`,
      "-o",
      "GlobalKnownHostsFile=/dev/null",
    ];
  const policy = [...opts, "-o", `StrictHostKeyChecking=${strictHostKeyChecking}`];
  return strictHostKeyChecking === "no"
    ? [...policy, "-o", "UserKnownHostsFile=/dev/null"]
    : policy;
}

/** How the stack checks the host's SSH key (Pulumi.<stack>.yaml). */
export interface HostKeyPolicy {
  readonly strictHostKeyChecking: "yes" | "accept-new" | "no";
  /** The pinned keys (`pinnedHostKeys` of the stack config); undefined: not checked. */
  readonly hostKeys?: readonly string[];
  /** Names the known_hosts file kept for the Docker CLI (`<project>-<stack>`). */
  readonly name: string;
  /** Where `.swiftdeploy/` lives (default: the home directory). */
  readonly home?: string;
}

/**
 * Everything the stack needs to reach the host: remote commands, the Docker CLI and the gate. With
 * a pinned host key, every path checks it: the program's own SSH sessions (gate, operator
 * addresses), the Docker CLI (known_hosts), and the remote commands, whose connection waits for a
 * preflight handshake (`verify`) that refuses a wrong key before any command runs, then carries
 * the key as `connection.hostKey` for the command provider to check as well.
 */
export function hostAccess(
  host: HostConfig,
  key: HostKey,
  policy: HostKeyPolicy,
  deps: { readonly verify?: (target: SshTarget) => Promise<string> } = {},
): HostAccess {
  const strict = policy.strictHostKeyChecking;
  const pins = strict === "no" ? undefined : policy.hostKeys;
  const sshTarget = key.content.apply(
    (privateKey): SshTarget => ({
      host: host.address,
      port: host.port,
      user: host.user,
      privateKey,
      hostKeys: pins,
    }),
  );
  const verified =
    pins === undefined
      ? undefined
      : pulumi.unsecret(sshTarget.apply((target) => (deps.verify ?? verifyHostKey)(target)));
  const home = policy.home ?? homedir();
  return {
    connection: {
      host: host.address,
      port: host.port,
      user: host.user,
      privateKey: key.content,
      dialErrorLimit: 10,
      perDialTimeout: 15,
      ...(verified === undefined ? {} : { hostKey: verified }),
    },
    dockerHost: `ssh://${host.user}@${host.address}:${host.port}`,
    sshOpts:
      verified === undefined || pins === undefined
        ? key.file.apply((file) => dockerSshOpts(file, strict))
        : pulumi
            .all([key.file, verified])
            .apply(([file]) =>
              dockerSshOpts(
                file,
                strict,
                writeKnownHosts(home, policy.name, host.address, host.port, pins),
              ),
            ),
    sshTarget,
    ...(key.written === undefined ? {} : { writtenKeyFile: key.written }),
  };
}
