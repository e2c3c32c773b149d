import { ErrorCode, SwiftDeployError } from "../core/errors";
import type { NetworkConfig } from "../core/manifest";
import type { PreflightSession } from "./host-preflight";
import { ROOT_USER } from "./root-shell";
import { SshSession, type SshTarget } from "./ssh-session";

/**
 * Whether the host's Docker publishes ports over IPv6 with ip6tables: it keeps a DOCKER chain in
 * ip6tables' nat table only then (Docker 20.10 needs `"experimental": true, "ip6tables": true` in
 * daemon.json; later versions have it on by default). Without it a port published on [::] is served
 * by docker-proxy, which connects to the container over IPv4: Nginx logs the edge network's gateway
 * for every IPv6 client, an address of the host itself that the detector never bans.
 */
export const DOCKER_IP6TABLES_CHECK = "ip6tables -w -t nat -n -L DOCKER";

/** The command as the host user runs it (through `sudo -n` unless it is root). */
export function ip6tablesCheckCommand(user: string): string {
  return user === ROOT_USER ? DOCKER_IP6TABLES_CHECK : `sudo -n ${DOCKER_IP6TABLES_CHECK}`;
}

/** The error when IPv6 is asked for and the host's Docker would hide the clients' addresses. */
export function hostIpv6Error(host: string, found: string): SwiftDeployError {
  return new SwiftDeployError(
    ErrorCode.HostIpv6,
    `network.ipv6.enabled is true, but Docker on ${host} does not publish ports with ip6tables (${found}): every IPv6 client would reach Nginx through docker-proxy as the edge network's gateway, and the detector could never ban one; nothing was changed`,
    [
      `on the host, as root: add "experimental": true and "ip6tables": true to /etc/docker/daemon.json (Docker 20.10; later versions have ip6tables on by default), then systemctl restart docker`,
      "or set network.ipv6.enabled: false: the port is then published on IPv4 only and IPv6 clients are refused",
    ],
  );
}

/**
 * Before anything is registered, with `network.ipv6.enabled`: the host's Docker must publish IPv6
 * with ip6tables, so Nginx sees each IPv6 client's own address. Throws SD_HOST_IPV6 otherwise.
 */
export async function checkHostIpv6(
  network: Pick<NetworkConfig, "ipv6">,
  target: SshTarget,
  connect: (target: SshTarget) => Promise<PreflightSession> = (t) => SshSession.connect(t),
): Promise<void> {
  if (!network.ipv6.enabled) return;
  const session = await connect(target);
  try {
    await session.exec(ip6tablesCheckCommand(target.user));
  } catch (error) {
    throw hostIpv6Error(target.host, (error as Error).message.trim());
  } finally {
    session.close();
  }
}
