import { isIP } from "node:net";
import * as pulumi from "@pulumi/pulumi";
import { shellQuote } from "./remote-file";
import { asRoot } from "./root-shell";
import { SshSession, type SshTarget } from "./ssh-session";

/** How many operators' addresses the host remembers; the oldest to first deploy goes first. */
export const REMEMBERED_OPERATORS = 8;

/** The address the host sees this SSH client at: the first field of $SSH_CLIENT. */
export function parseSshClient(value: string): string | undefined {
  const address = value.trim().split(/\s+/)[0];
  return address === undefined || address === "" ? undefined : address;
}

/**
 * The operators to allowlist after a deploy from `current`: those remembered, in the order they
 * first deployed, with `current` added at the end if it is new, keeping the last `limit`. A
 * returning operator keeps their place, so a team taking turns leaves the list (and the detector's
 * config) unchanged; only a new address changes it. Lines that are not an address are dropped.
 */
export function rememberOperator(
  remembered: readonly string[],
  current: string | undefined,
  limit = REMEMBERED_OPERATORS,
): string[] {
  const known = [...new Set(remembered.map((line) => line.trim()).filter((a) => isIP(a) !== 0))];
  if (current !== undefined && !known.includes(current)) known.push(current);
  return known.slice(-limit);
}

/** The operators file's content: one address per line. */
export function renderOperators(addresses: readonly string[]): string {
  return addresses.map((address) => `${address}\n`).join("");
}

const SEPARATOR = "--- remembered operators ---";

/**
 * The operators' addresses as the Docker host sees them: this deployer's (from $SSH_CLIENT) and
 * those of earlier deployers, remembered on the host in `operatorsFile` (which the stack writes
 * back). Read over SSH on every update. The detector never bans them, so a burst of checks from an
 * operator's machine cannot lock them out of the host, whoever of the team deployed last.
 */
export function operatorAddresses(
  target: pulumi.Input<SshTarget>,
  operatorsFile: string,
): pulumi.Output<string[]> {
  return pulumi.output(target).apply(async (t) => {
    const session = await SshSession.connect(t as SshTarget);
    try {
      // The file is root's (0600): another deploy user reads it through sudo.
      const read = asRoot({ user: t.user }, `cat ${shellQuote(operatorsFile)}`);
      const output = await session.exec(
        `printf '%s\\n${SEPARATOR}\\n' "$SSH_CLIENT"; ${read} 2>/dev/null || true`,
      );
      const [client = "", remembered = ""] = output.split(`${SEPARATOR}\n`);
      return rememberOperator(remembered.split("\n"), parseSshClient(client));
    } finally {
      session.close();
    }
  });
}
