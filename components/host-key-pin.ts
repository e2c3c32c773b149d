import { mkdirSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../core/atomic-file";
import { ErrorCode, SwiftDeployError } from "../core/errors";
import { parseHostKeys } from "../core/ssh-host-key";
import { SshSession, type SshTarget } from "./ssh-session";

/** The known_hosts lines OpenSSH matches for host:port (`[host]:port` off port 22). */
export function knownHostsLines(address: string, port: number, keys: readonly string[]): string {
  const name = port === 22 ? address : `[${address}]:${port}`;
  return parseHostKeys(keys.join("\n"))
    .keys.map((k) => `${name} ${k.line}\n`)
    .join("");
}

/**
 * Writes the pinned keys as the known_hosts file the Docker CLI's ssh reads
 * (`<home>/.swiftdeploy/known_hosts/<name>`, public content) and returns its path. It outlives the
 * run: `pulumi destroy` reuses the provider's stored ssh options.
 */
export function writeKnownHosts(
  home: string,
  name: string,
  address: string,
  port: number,
  keys: readonly string[],
): string {
  const dir = path.join(home, ".swiftdeploy", "known_hosts");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, name);
  writeFileAtomic(file, knownHostsLines(address, port, keys), { mode: 0o600 });
  return file;
}

/**
 * The preflight every remote command waits for: an SSH handshake with the pinned keys. Resolves
 * with the pinned key the host presented (for `connection.hostKey`), or fails with the expected and
 * found fingerprints before any command runs. A host that cannot be reached yet is tried again
 * (`attempts`, one second apart, as the command provider's `dialErrorLimit`); a wrong key is not.
 */
export async function verifyHostKey(
  target: SshTarget,
  attempts = 10,
  sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    let session: SshSession;
    try {
      session = await SshSession.connect(target);
    } catch (error) {
      const code = (error as Partial<SwiftDeployError>).code;
      const final = code === ErrorCode.HostKeyMismatch || code === ErrorCode.ConfigInvalid;
      if (final || attempt >= attempts) throw error;
      await sleep(1000);
      continue;
    }
    session.close();
    if (session.hostKey === undefined)
      throw new SwiftDeployError(
        ErrorCode.Internal,
        "the host key preflight ran without pinned keys",
      );
    return session.hostKey;
  }
}
