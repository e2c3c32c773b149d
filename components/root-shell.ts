import type * as command from "@pulumi/command";

/** One shell word (remote-file.ts has the same; importing it would make the two files a cycle). */
function quote(word: string): string {
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}

/** The only user that needs no sudo on the host. */
export const ROOT_USER = "root";

/** The SSH user of a connection, as the stack builds it (host.user, plain text). */
function userOf(connection: Pick<command.types.input.remote.ConnectionArgs, "user">): string {
  const user = connection.user ?? ROOT_USER;
  if (typeof user !== "string")
    throw new Error("the host connection's user must be plain text (host.user of the manifest)");
  return user;
}

/** Whether commands on the host must go through sudo (host.user is not root). */
export function needsSudo(connection: Pick<command.types.input.remote.ConnectionArgs, "user">) {
  return userOf(connection) !== ROOT_USER;
}

/**
 * A script that must run as root (writes under /etc, /opt, /var/log, systemd, the firewall): as it
 * is for root, else through `sudo -n sh -c` so a missing sudoers rule fails at once instead of
 * waiting for a password. stdin passes through to the script; the working folder (the deploy
 * user's home) stays, so relative paths name files the user copied there.
 */
export function asRoot(
  connection: Pick<command.types.input.remote.ConnectionArgs, "user">,
  script: string,
): string {
  return needsSudo(connection) ? `sudo -n sh -c ${quote(script)}` : script;
}

/** Where the deploy user stages files for a root-only path (relative to its home, over SFTP). */
export function stagedPath(remotePath: string): string {
  return `.swiftdeploy/staging${remotePath}`;
}
