import { isAutoName } from "../shared/auto-name";
import { checkBySchema } from "../shared/check-by-schema";
import { diffBySchema } from "../shared/diff-inputs";
import type { InputSchema } from "../shared/input-schema";
import { computed, list, map, object, replaces, value } from "../shared/input-schema";
import type { ResourceHandler } from "../shared/resource-handler";
import type { WireRecord } from "../shared/wire";
import { reveal } from "../shared/wire";
import type { DockerCli } from "./docker-cli";
import { inspect, removeIfPresent } from "./docker-inspect";
import { labelFlags, labelList, mapFlags } from "./labels";

interface IpamConfig {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  auxAddress?: Record<string, string>;
}

interface NetworkInputs {
  name: string;
  driver?: string;
  internal?: boolean;
  attachable?: boolean;
  ipv6?: boolean;
  ingress?: boolean;
  ipamDriver?: string;
  ipamOptions?: Record<string, string>;
  ipamConfigs?: IpamConfig[];
  options?: Record<string, string>;
  labels?: { label: string; value: string }[];
}

interface NetworkInspect {
  Id: string;
  Scope: string;
  Driver: string;
  Internal: boolean;
  IPAM: { Config: { Subnet?: string; Gateway?: string; IPRange?: string }[] | null };
}

/** The official docker.Network inputs the stand-in implements; every one forces replacement. */
export const NETWORK_SCHEMA: InputSchema = {
  name: replaces(),
  driver: computed(replaces(value, "bridge")),
  internal: replaces(value, false),
  attachable: replaces(value, false),
  ipv6: replaces(value, false),
  ingress: replaces(value, false),
  ipamDriver: replaces(value, "default"),
  ipamOptions: replaces(map),
  ipamConfigs: computed(
    replaces(list(object({ subnet: value, gateway: value, ipRange: value, auxAddress: map }))),
  ),
  options: replaces(map),
  labels: replaces(labelList),
};

function createArgs(n: NetworkInputs): string[] {
  const args = ["network", "create", "--driver", n.driver ?? "bridge"];
  if (n.internal) args.push("--internal");
  if (n.attachable) args.push("--attachable");
  if (n.ipv6) args.push("--ipv6");
  if (n.ingress) args.push("--ingress");
  if (n.ipamDriver) args.push("--ipam-driver", n.ipamDriver);
  args.push(...mapFlags("--ipam-opt", n.ipamOptions));
  for (const c of n.ipamConfigs ?? []) {
    if (c.subnet) args.push("--subnet", c.subnet);
    if (c.gateway) args.push("--gateway", c.gateway);
    if (c.ipRange) args.push("--ip-range", c.ipRange);
    args.push(...mapFlags("--aux-address", c.auxAddress));
  }
  args.push(...mapFlags("--opt", n.options), ...labelFlags(n.labels), n.name);
  return args;
}

function liveOutputs(props: WireRecord, live: NetworkInspect): WireRecord {
  return {
    ...props,
    scope: live.Scope,
    driver: live.Driver,
    internal: live.Internal,
    ipamConfigs: (live.IPAM.Config ?? []).map((c) => ({
      subnet: c.Subnet,
      gateway: c.Gateway,
      ipRange: c.IPRange,
    })),
  };
}

/** `docker:index/network:Network` through the docker CLI. */
export function networkHandler(cli: DockerCli): ResourceHandler {
  return {
    token: "docker:index/network:Network",
    check: async (ctx, olds, news) =>
      checkBySchema(ctx, olds, news, { schema: NETWORK_SCHEMA, pkg: "docker" }),
    diff: async (ctx, _id, olds, news) =>
      diffBySchema(olds, news, NETWORK_SCHEMA, !isAutoName(ctx.name, reveal(news["name"]))),
    create: async (ctx, inputs) => {
      const id = await cli.run(ctx.log, createArgs(reveal<NetworkInputs>(inputs)));
      const live = await inspect<NetworkInspect>(cli, ctx.log, "network", id);
      if (!live) throw new Error(`network ${id} vanished right after it was created`);
      return { id, outs: liveOutputs(inputs, live) };
    },
    read: async (ctx, id, props) => {
      const live = await inspect<NetworkInspect>(cli, ctx.log, "network", id);
      return live ? { id, props: liveOutputs(props, live) } : { id: "", props: {} };
    },
    update: async () => {
      throw new Error("docker.Network has no in-place update: every input change replaces it");
    },
    delete: async (ctx, id) => removeIfPresent(cli, ctx.log, ["network", "rm", id]),
  };
}
