import * as pulumi from "@pulumi/pulumi";
import { SshSession, type SshTarget } from "./ssh-session";

/** The address the host sees this SSH client at: the first field of $SSH_CLIENT. */
export function parseSshClient(value: string): string | undefined {
  const address = value.trim().split(/\s+/)[0];
  return address === undefined || address === "" ? undefined : address;
}

/**
 * The operator's address as the Docker host sees it, read over SSH on every update. The detector
 * never bans it, so a burst of checks from the operator's machine cannot lock them out of the host.
 */
export function operatorAddress(target: pulumi.Input<SshTarget>): pulumi.Output<string[]> {
  return pulumi.output(target).apply(async (t) => {
    const session = await SshSession.connect(t as SshTarget);
    try {
      const address = parseSshClient(await session.exec('printf "%s" "$SSH_CLIENT"'));
      return address === undefined ? [] : [address];
    } finally {
      session.close();
    }
  });
}
