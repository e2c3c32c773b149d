import { z } from "zod";
import { checked, oneOf, text } from "./fields";
import { isCidr } from "./network-address";

/** Docker network drivers the stack can use; `host` and `none` would defeat the private network. */
export const NetworkDriver = {
  Bridge: "bridge",
  Overlay: "overlay",
  Macvlan: "macvlan",
  Ipvlan: "ipvlan",
} as const;
export type NetworkDriver = (typeof NetworkDriver)[keyof typeof NetworkDriver];

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
  })
  .describe("The private Docker network; only the proxy publishes a port.");

/** The typed `network` section. */
export type NetworkConfig = z.output<typeof NetworkSchema>;
