import { ErrorCode, SwiftDeployError } from "../core/errors";
import { ROOT_USER } from "./root-shell";
import { SshSession, type SshTarget } from "./ssh-session";

/** What the deploy user must be able to do on the host, one shell command each. */
export const HOST_ACCESS_CHECKS = {
  sudo: "sudo -n true",
  docker: "docker version --format '{{.Server.Version}}'",
} as const;
export type HostAccessCheck = keyof typeof HOST_ACCESS_CHECKS;

/** How the preflight runs a command on the host (tests pass a twin). */
export interface PreflightSession {
  /** Resolves with stdout; rejects with an error naming the command and its stderr. */
  exec(command: string): Promise<string>;
  close(): void;
}

/** The error for failed checks: what failed, and the exact lines the host's admin must add. */
export function hostAccessError(
  target: Pick<SshTarget, "user" | "host" | "port">,
  failed: Readonly<Partial<Record<HostAccessCheck, string>>>,
): SwiftDeployError {
  const { user } = target;
  const details: string[] = [];
  if (failed.sudo !== undefined)
    details.push(
      `\`sudo -n true\` failed for ${user} (${failed.sudo}): ${user} must run commands as root without a password; as root on the host: echo '${user} ALL=(root) NOPASSWD: ALL' > /etc/sudoers.d/swiftdeploy-${user} && chmod 0440 /etc/sudoers.d/swiftdeploy-${user} && visudo -cf /etc/sudoers.d/swiftdeploy-${user}`,
    );
  if (failed.docker !== undefined)
    details.push(
      `\`docker version\` failed for ${user} (${failed.docker}): ${user} must reach the Docker engine; as root on the host: usermod -aG docker ${user} (takes effect at its next login)`,
    );
  return new SwiftDeployError(
    ErrorCode.HostAccess,
    `host.user ${user} on ${target.host}:${target.port} cannot do what the stack needs; nothing was changed`,
    details,
  );
}

/**
 * Checks, before any resource is registered, that a deploy user other than root can run root
 * commands through `sudo -n` and reach Docker: without it the first remote command would fail
 * midway, or (a sudo asking for a password) wait. Root needs no check. Throws SD_HOST_ACCESS.
 */
export async function checkHostAccess(
  target: SshTarget,
  connect: (target: SshTarget) => Promise<PreflightSession> = (t) => SshSession.connect(t),
): Promise<void> {
  if (target.user === ROOT_USER) return;
  const session = await connect(target);
  const failed: Partial<Record<HostAccessCheck, string>> = {};
  try {
    for (const [check, command] of Object.entries(HOST_ACCESS_CHECKS) as [
      HostAccessCheck,
      string,
    ][]) {
      try {
        await session.exec(command);
      } catch (error) {
        failed[check] = (
          (error as Error).message.split(": ").slice(1).join(": ") || "failed"
        ).trim();
      }
    }
  } finally {
    session.close();
  }
  if (Object.keys(failed).length > 0) throw hostAccessError(target, failed);
}
