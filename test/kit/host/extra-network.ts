import { docker, dockerOk } from "../docker/docker";

/** A second Docker network a test host joins, with an address of each family on it. */
export interface ExtraNetwork {
  readonly network: string;
  /** IPv4 /24 and IPv6 /64 of the network. */
  readonly subnet: string;
  readonly subnet6: string;
  /** The host's addresses on it. */
  readonly hostIp: string;
  readonly hostIp6: string;
}

/**
 * Creates `spec.network` with IPv6 (one left by an interrupted run under that name is removed first)
 * and connects the test host container `hostName` to it, so clients on it reach the host from
 * another /64 than the host's own network. `remove()` disconnects and removes it; call it also on failure.
 */
export async function joinExtraNetwork(
  hostName: string,
  spec: ExtraNetwork,
): Promise<{ remove(): Promise<void> }> {
  const remove = async () => {
    await docker(["network", "disconnect", "--force", spec.network, hostName]);
    await docker(["network", "rm", spec.network]);
  };
  await remove();
  await dockerOk([
    "network",
    "create",
    "--ipv6",
    "--subnet",
    spec.subnet,
    "--subnet",
    spec.subnet6,
    "--label",
    "dev.swiftdeploy.test=extra-network",
    spec.network,
  ]);
  await dockerOk([
    "network",
    "connect",
    "--ip",
    spec.hostIp,
    "--ip6",
    spec.hostIp6,
    spec.network,
    hostName,
  ]);
  return { remove };
}
