import * as pulumi from "@pulumi/pulumi";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type { HostConfig } from "../core/manifest";
import type { HostAccess } from "./swiftdeploy-stack";

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

/** SSH options for the Docker CLI: this key only, and the stack's host key policy. */
export function dockerSshOpts(keyFile: string, strictHostKeyChecking: string): string[] {
  const opts = [
    "-i",
    keyFile,
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    `StrictHostKeyChecking=${strictHostKeyChecking}`,
  ];
  return strictHostKeyChecking === "no" ? [...opts, "-o", "UserKnownHostsFile=/dev/null"] : opts;
}

/** Everything the stack needs to reach the host: remote commands, the Docker CLI and the gate. */
export function hostAccess(
  host: HostConfig,
  key: HostKey,
  strictHostKeyChecking: string,
): HostAccess {
  return {
    connection: {
      host: host.address,
      port: host.port,
      user: host.user,
      privateKey: key.content,
      dialErrorLimit: 10,
      perDialTimeout: 15,
    },
    dockerHost: `ssh://${host.user}@${host.address}:${host.port}`,
    sshOpts: key.file.apply((file) => dockerSshOpts(file, strictHostKeyChecking)),
    sshTarget: key.content.apply((privateKey) => ({
      host: host.address,
      port: host.port,
      user: host.user,
      privateKey,
    })),
    ...(key.written === undefined ? {} : { writtenKeyFile: key.written }),
  };
}
