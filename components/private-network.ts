import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { NetworkConfig } from "../core/manifest";

/** Arguments of {@link PrivateNetwork}. */
export interface PrivateNetworkArgs {
  readonly network: NetworkConfig;
}

/**
 * The pure network specifications: an internal network for everything, an edge one for the proxy.
 * With `network.ipv6.enabled` the edge network carries IPv6 too (Docker picks its IPv4 subnet), so a
 * port published on [::] reaches Nginx with the client's own IPv6 address (Docker's ip6tables DNAT)
 * instead of through its userland proxy over IPv4. The private network stays IPv4: it is internal.
 */
export function networkSpecs(network: NetworkConfig) {
  const labels = [{ label: "dev.swiftdeploy.network", value: network.name }];
  return {
    private: {
      name: network.name,
      driver: network.driver,
      // Internal: the API and OPA have no route out of the host, and nothing can be published on it.
      internal: true,
      ipamConfigs: network.subnet === undefined ? undefined : [{ subnet: network.subnet }],
      labels,
    },
    edge: {
      name: `${network.name}-edge`,
      driver: "bridge",
      labels,
      ...(network.ipv6.enabled
        ? { ipv6: true, ipamConfigs: [{ subnet: network.ipv6.subnet }] }
        : {}),
    },
  };
}

/**
 * The stack's networks: containers reach each other by name on the internal network; only the
 * proxy also joins the edge network, through which its one published port reaches the world.
 */
export class PrivateNetwork extends pulumi.ComponentResource {
  readonly private: docker.Network;
  readonly edge: docker.Network;

  constructor(name: string, args: PrivateNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("swiftdeploy:index:PrivateNetwork", name, {}, opts);
    const specs = networkSpecs(args.network);
    this.private = new docker.Network(`${name}-private`, specs.private, { parent: this });
    this.edge = new docker.Network(`${name}-edge`, specs.edge, { parent: this });
    this.registerOutputs({ privateName: this.private.name, edgeName: this.edge.name });
  }
}
