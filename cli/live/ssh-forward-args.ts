import { isIPv6 } from "node:net";

/**
 * How ssh checks the host's key, after `swiftdeploy:sshStrictHostKeyChecking`: `pinned`, only the
 * keys of `swiftdeploy:sshHostKey` (written to `knownHostsFile`); `accept-new`, the key recorded in
 * `knownHostsFile` the first time, refused if it changes; `off`, nothing checked.
 */
export type HostKeyCheck =
  | { readonly mode: "pinned" | "accept-new"; readonly knownHostsFile: string }
  | { readonly mode: "off" };

/** One `ssh -N -L` forward: a loopback port here to an address only the host reaches. */
export interface ForwardPlan {
  readonly ssh: { readonly host: string; readonly port: number; readonly user: string };
  /** The private key, in a file only this user may read (ssh refuses others). */
  readonly keyFile: string;
  readonly hostKeyCheck: HostKeyCheck;
  readonly localPort: number;
  /** As the host sees it, e.g. its loopback 127.0.0.1:9180. */
  readonly remote: { readonly host: string; readonly port: number };
}

function bracketed(address: string): string {
  return isIPv6(address) ? `[${address}]` : address;
}

/** An ssh_config value: quoted when it has spaces (ssh splits option values on them). */
function configValue(value: string): string {
  return /\s/.test(value) ? `"${value.replace(/(["\\])/g, "\\$1")}"` : value;
}

/** `ssh_config` options for the host key check. */
function hostKeyOptions(check: HostKeyCheck): string[] {
  switch (check.mode) {
    case "pinned":
      // Only the pinned keys: neither the user's nor the system's known_hosts adds trust.
      return [
        "StrictHostKeyChecking=yes",
        `UserKnownHostsFile=${configValue(check.knownHostsFile)}`,
        "GlobalKnownHostsFile=/dev/null",
      ];
    case "accept-new":
      return [
        "StrictHostKeyChecking=accept-new",
        `UserKnownHostsFile=${configValue(check.knownHostsFile)}`,
      ];
    case "off":
      return ["StrictHostKeyChecking=no", "UserKnownHostsFile=/dev/null"];
  }
}

/** A known_hosts line for the pinned key `type base64` of host:port. */
export function knownHostsLine(host: string, port: number, key: string): string {
  return `${port === 22 ? host : `[${host}]:${port}`} ${key}`;
}

/**
 * The ssh arguments of a plan. The user's ssh_config still applies (a ProxyJump keeps working);
 * what the forward relies on is set here: only this key, never a password prompt, exit when the
 * local port cannot be bound, notice a dead connection, no shared control connection.
 */
export function sshForwardArgs(plan: ForwardPlan): string[] {
  const option = (text: string) => ["-o", text];
  return [
    "-N",
    "-L",
    `127.0.0.1:${plan.localPort}:${bracketed(plan.remote.host)}:${plan.remote.port}`,
    "-i",
    plan.keyFile,
    "-p",
    String(plan.ssh.port),
    ...option("IdentitiesOnly=yes"),
    ...option("BatchMode=yes"),
    ...option("ExitOnForwardFailure=yes"),
    ...option("ConnectTimeout=15"),
    ...option("ServerAliveInterval=15"),
    ...option("ServerAliveCountMax=3"),
    ...hostKeyOptions(plan.hostKeyCheck).flatMap(option),
    ...option("ControlMaster=no"),
    ...option("ControlPath=none"),
    "--",
    `${plan.ssh.user}@${plan.ssh.host}`,
  ];
}

/** Why an ssh forward ended before it was up, from what ssh wrote on stderr. */
export type ForwardFailure =
  | { readonly kind: "port-in-use" }
  | { readonly kind: "refused-key" }
  | { readonly kind: "host-key-changed" }
  | { readonly kind: "unreachable" }
  | { readonly kind: "other" };

/** Classifies ssh's complaint (OpenSSH's messages). */
export function classifySshFailure(stderr: string): ForwardFailure {
  if (
    /Address already in use|cannot listen to port|Could not request local forwarding/.test(stderr)
  )
    return { kind: "port-in-use" };
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/.test(stderr))
    return { kind: "host-key-changed" };
  if (/Permission denied/.test(stderr)) return { kind: "refused-key" };
  if (
    /Connection refused|Connection timed out|timed out|No route to host|Could not resolve hostname|Network is unreachable/.test(
      stderr,
    )
  )
    return { kind: "unreachable" };
  return { kind: "other" };
}

/** The lines of ssh's stderr worth showing (its warnings about adding a host key are not). */
export function sshComplaint(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^Warning: Permanently added/.test(line))
    .slice(-4)
    .join(" / ");
}
