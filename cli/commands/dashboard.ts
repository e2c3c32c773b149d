import { ErrorCode, SwiftDeployError } from "../../core/errors";
import { findExecutable } from "../engine/find-executable";
import { dashboardProblem, dashboardRemote, withSshFiles } from "../live/dashboard-forward";
import { hostSshTarget } from "../live/host-target";
import { sshComplaint } from "../live/ssh-forward-args";
import { openSshForward, systemForwardWorld } from "../live/ssh-forward";
import { interrupted } from "../shell/interrupted";
import { UsageError } from "../usage-error";
import type { Verb, VerbArgs } from "../verb";
import { stringOption } from "../verb";
import { stackConfigValues } from "../stack-manifest";
import { liveTargetOf, requireFeature } from "../targets/registry";
import { releaseStore } from "../wiring";

/** `--port`: a whole port number, or undefined. */
function localPortOption(args: VerbArgs): number | undefined {
  const raw = stringOption(args, "port");
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65_535) {
    throw new UsageError(
      `--port must be a port number from 1 to 65535, not ${JSON.stringify(raw)}`,
    );
  }
  return port;
}

/** `swiftdeploy dashboard`. */
export const dashboardVerb: Verb = {
  name: "dashboard",
  summary: "open an SSH forward to the detector's dashboard and print its URL; Ctrl-C closes it",
  usage: `usage: swiftdeploy dashboard [--port N] [--stack NAME]

The detector's dashboard listens on the host's loopback only (detector.dashboard, 127.0.0.1:9180
by default): it is never public. This runs OpenSSH's \`ssh -N -L\` to the host with the stack's
connection (host.address, host.port, host.user, the key in swiftdeploy:sshPrivateKey or
swiftdeploy:sshPrivateKeyFile), prints the local URL on stdout once the forward is up, and keeps it
open until Ctrl-C. The local port is the dashboard's own when free, else the next free one (ten
tried). The host's key is checked as swiftdeploy:sshStrictHostKeyChecking says: only the key pinned
in swiftdeploy:sshHostKey when there is one; else (accept-new) the key recorded in
.swiftdeploy/known_hosts on first use; with "no", not at all.

options:
  --port N    this local port exactly (if it is busy, say so instead of taking another)

On the kubernetes target the dashboard is not opened yet (exit 14): each edge node's detector
serves its own on the node's loopback; swiftdeploy bans and status show the shared ban list.

exit codes: 0 closed with Ctrl-C; 9 no ssh on PATH; 10 the forward failed or ended (the host
refused the key, was unreachable, presented another host key, or every port tried was busy); 6
the manifest turns the dashboard off or gives it no fixed port, or the host key settings are
invalid; 14 the stack runs on Kubernetes

examples:
  swiftdeploy dashboard
  swiftdeploy dashboard --port 8181
  swiftdeploy dashboard --stack prod`,
  options: { port: { type: "string" } },
  async run(ctx, args) {
    const fixed = localPortOption(args);
    requireFeature(liveTargetOf(ctx), "dashboard");
    const manifest = releaseStore(ctx).read();
    const remote = dashboardRemote(manifest);
    const ssh = findExecutable("ssh", ctx.env.PATH);
    if (ssh === undefined) {
      throw new SwiftDeployError(
        ErrorCode.ToolMissing,
        "the OpenSSH client (`ssh`) is not on PATH: the dashboard is reached through an SSH forward",
        ["install it: apt-get install openssh-client (Debian/Ubuntu), or your system's equivalent"],
      );
    }
    const target = await hostSshTarget(ctx, manifest);
    const strict = stackConfigValues(ctx.configFile)["swiftdeploy:sshStrictHostKeyChecking"];
    return withSshFiles(target, strict, ctx.projectDir, async ({ keyFile, hostKeyCheck }) => {
      // SIGHUP too: ssh runs in its own process group, so a closed terminal must stop it here.
      const signal = interrupted(["SIGINT", "SIGTERM", "SIGHUP"]);
      try {
        const forward = await openSshForward(
          {
            ssh: target,
            keyFile,
            hostKeyCheck,
            remote,
            firstPort: fixed ?? remote.port,
            fixedPort: fixed !== undefined,
            cancelled: signal.stopped,
          },
          systemForwardWorld(ssh, ctx.env),
        );
        if (forward === null) {
          ctx.term.err("interrupted before the forward was up: nothing is open");
          return 0;
        }
        ctx.term.err(
          `forwarding 127.0.0.1:${forward.localPort} to ${remote.host}:${remote.port} on ${target.user}@${target.host} (ssh pid ${forward.pid ?? "?"})`,
        );
        ctx.term.err(ctx.term.errStyle.dim(forward.command));
        const problem = await dashboardProblem(forward.url);
        if (problem !== null) {
          ctx.term.err(
            `${ctx.term.errStyle.yellow("warning")}: the forward is up, but the dashboard does not answer (${problem}): is the detector running on the host? (swiftdeploy status shows it)`,
          );
        }
        ctx.term.out(forward.url);
        ctx.term.err(ctx.term.errStyle.dim("Ctrl-C closes the forward"));
        const ended = await Promise.race([
          signal.wait.then(() => null),
          forward.ended.then((end) => end),
        ]);
        if (ended !== null) {
          throw new SwiftDeployError(
            ErrorCode.RemoteFailed,
            `the SSH forward to ${target.user}@${target.host} ended: ${sshComplaint(ended.stderr) || `ssh exited ${ended.code ?? "on a signal"}`}`,
            ["run swiftdeploy dashboard again"],
          );
        }
        await forward.close();
        ctx.term.err("forward closed");
        return 0;
      } finally {
        signal.dispose();
      }
    });
  },
};
