import { z } from "zod";
import { checked, flag, oneOf, text } from "./fields";
import { isCidr, isEdgeIpv6Subnet } from "./network-address";

/** Docker network drivers the stack can use; `host` and `none` would defeat the private network. */
export const NetworkDriver = {
  Bridge: "bridge",
  Overlay: "overlay",
  Macvlan: "macvlan",
  Ipvlan: "ipvlan",
} as const;
export type NetworkDriver = (typeof NetworkDriver)[keyof typeof NetworkDriver];

/** The edge network's IPv6 subnet unless the manifest names one (a ULA /64). */
export const DEFAULT_EDGE_IPV6_SUBNET = "fd5d:5d00:ed9e::/64";

/** IPv6 for the clients: the edge network and Nginx's listener, off unless asked for. */
export const NetworkIpv6Schema = z
  .strictObject({
    enabled: flag()
      .default(false)
      .describe(
        "Serve IPv6 clients: the port is published on [::] too, through an edge network with IPv6, so Nginx logs (and the detector bans) each client's own address, by /64. Needs Docker publishing IPv6 with ip6tables on the host (checked before a deploy). Off: IPv6 connections are refused.",
      ),
    subnet: checked(isEdgeIpv6Subnet, 'an IPv6 CIDR from /16 to /64 like "fd5d:5d00:ed9e::/64"')
      .default(DEFAULT_EDGE_IPV6_SUBNET)
      .describe("IPv6 subnet of the edge network Nginx publishes from (a ULA is enough)."),
  })
  .describe("IPv6 clients.");

/** The private Docker network the containers share. */
export const NetworkSchema = z
  .strictObject({
    name: text(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, 'a network name like "swiftdeploy-net"')
      .default("swiftdeploy-net")
      .describe("Docker network name."),
    driver: oneOf(Object.values(NetworkDriver) as [NetworkDriver, ...NetworkDriver[]])
      .default(NetworkDriver.Bridge)
      .describe("Docker network driver."),
    subnet: checked(isCidr, 'a CIDR like "172.28.0.0/16"')
      .optional()
      .describe("Subnet of the network (unset = Docker picks one)."),
    ipv6: NetworkIpv6Schema.prefault({}),
  })
  .describe("The private Docker network; only the proxy publishes a port.");

/** The typed `network` section. */
export type NetworkConfig = z.output<typeof NetworkSchema>;
