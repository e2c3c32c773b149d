import { createHash } from "node:crypto";
import { ErrorCode, SwiftDeployError } from "./errors";

/** An SSH host key the stack trusts (`swiftdeploy:sshHostKey`). */
export interface PinnedHostKey {
  /** `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, … */
  readonly type: string;
  /** The public key blob as the server sends it. */
  readonly blob: Buffer;
  /** `type base64`, as in authorized_keys (what `connection.hostKey` takes). */
  readonly line: string;
}

const KEY_TYPES = new Set([
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "ssh-rsa",
]);

/** The host key algorithms that present a key of `type` (an RSA key signs with SHA-2 or SHA-1). */
export function hostKeyAlgorithms(type: string): string[] {
  return type === "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [type];
}

/** The key type written inside a key blob (its first length-prefixed string), or undefined. */
function blobType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  return length > 64 || 4 + length > blob.length
    ? undefined
    : blob.subarray(4, 4 + length).toString("latin1");
}

/**
 * Parses `swiftdeploy:sshHostKey`: one key per line, as `ssh-keyscan` prints it (`host type key`),
 * as a `.pub` file holds it (`type key comment`), or bare (`type key`). Lists every problem.
 */
export function parseHostKeys(text: string): { keys: PinnedHostKey[]; problems: string[] } {
  const keys: PinnedHostKey[] = [];
  const problems: string[] = [];
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  lines.forEach((line, i) => {
    const words = line.split(/\s+/);
    const at = words.findIndex((w) => KEY_TYPES.has(w));
    const type = words[at];
    const base64 = words[at + 1];
    const where = lines.length > 1 ? `line ${i + 1}: ` : "";
    if (at < 0 || type === undefined || base64 === undefined) {
      problems.push(
        `${where}expected an OpenSSH public key such as "ssh-ed25519 AAAA…", found "${line.slice(0, 40)}"`,
      );
      return;
    }
    const blob = Buffer.from(base64, "base64");
    if (blob.toString("base64") !== base64 || blobType(blob) !== type) {
      problems.push(`${where}the ${type} key is not valid base64 of a ${type} key`);
      return;
    }
    keys.push({ type, blob, line: `${type} ${base64}` });
  });
  if (lines.length === 0) problems.push("no key given");
  return { keys, problems };
}

/** The fingerprint OpenSSH shows for a key blob (`ssh-keygen -lf`): `SHA256:` + unpadded base64. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** A key's fingerprint with its type, e.g. `SHA256:abc… (ssh-ed25519)`. */
export function describeKey(blob: Buffer): string {
  return `${fingerprint(blob)} (${blobType(blob) ?? "unknown type"})`;
}

/**
 * The error for a host that presented a key other than the pinned ones: names where, what was
 * expected and what was found, and what to do.
 */
export function hostKeyMismatch(
  where: string,
  pinned: readonly PinnedHostKey[],
  presented: Buffer,
): SwiftDeployError {
  const expected = pinned.map((k) => describeKey(k.blob)).join(" or ");
  return new SwiftDeployError(
    ErrorCode.HostKeyMismatch,
    `the SSH host key of ${where} is not the one pinned in swiftdeploy:sshHostKey: expected ` +
      `${expected}, found ${describeKey(presented)}; nothing was run on the host`,
    [
      "if the host was reinstalled or its keys rotated: read the new fingerprint on the host " +
        "itself (its console: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), and only if it " +
        "matches the one found above: pulumi config set swiftdeploy:sshHostKey " +
        '"$(ssh-keyscan -t ed25519 <host>)"',
      "otherwise do not deploy: something between this machine and the host may be " +
        "intercepting the connection",
    ],
  );
}
