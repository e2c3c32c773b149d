import type { CommandRunner } from "../enforce/command-runner";

/** What telling systemd came to. */
export type NotifyOutcome =
  | { readonly sent: true }
  | { readonly sent: false; readonly reason: "not under systemd" | string };

/**
 * Tells systemd the service is ready (Type=notify) when it runs under it (`NOTIFY_SOCKET` set).
 * Node has no AF_UNIX datagram socket, so `systemd-notify --ready` does it: a child process, hence
 * `NotifyAccess=all` in the unit; since systemd 246 it waits until systemd has read the message, so
 * its exit cannot race the manager's lookup of who sent it.
 */
export async function notifyReady(
  env: Readonly<Record<string, string | undefined>>,
  runner: CommandRunner,
  status: string,
): Promise<NotifyOutcome> {
  if (env.NOTIFY_SOCKET === undefined || env.NOTIFY_SOCKET === "")
    return { sent: false, reason: "not under systemd" };
  const r = await runner.run(["systemd-notify", "--ready", `--status=${status}`]);
  if (r.code === 0) return { sent: true };
  return { sent: false, reason: r.error ?? (r.stderr.trim() || `systemd-notify exited ${r.code}`) };
}
