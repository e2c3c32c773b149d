import { isAutoName } from "../shared/auto-name";
import { checkBySchema } from "../shared/check-by-schema";
import { diffBySchema } from "../shared/diff-inputs";
import type { InputSchema } from "../shared/input-schema";
import { computed, map, replaces, value } from "../shared/input-schema";
import type { ResourceHandler } from "../shared/resource-handler";
import type { WireRecord } from "../shared/wire";
import { reveal } from "../shared/wire";
import type { DockerCli } from "./docker-cli";
import { inspect, removeIfPresent } from "./docker-inspect";
import { labelFlags, labelList, mapFlags } from "./labels";

interface VolumeInputs {
  name: string;
  driver?: string;
  driverOpts?: Record<string, string>;
  labels?: { label: string; value: string }[];
}

interface VolumeInspect {
  Name: string;
  Driver: string;
  Mountpoint: string;
}

/** The official docker.Volume inputs the stand-in implements (`cluster` is not); all replace. */
export const VOLUME_SCHEMA: InputSchema = {
  name: replaces(),
  driver: computed(replaces(value, "local")),
  driverOpts: replaces(map),
  labels: replaces(labelList),
};

function liveOutputs(props: WireRecord, live: VolumeInspect): WireRecord {
  return {
    ...props,
    name: props["name"] ?? live.Name,
    driver: live.Driver,
    mountpoint: live.Mountpoint,
  };
}

/** `docker:index/volume:Volume` through the docker CLI; its ID is its name, as officially. */
export function volumeHandler(cli: DockerCli): ResourceHandler {
  return {
    token: "docker:index/volume:Volume",
    check: async (ctx, olds, news) =>
      checkBySchema(ctx, olds, news, { schema: VOLUME_SCHEMA, pkg: "docker" }),
    diff: async (ctx, _id, olds, news) =>
      diffBySchema(olds, news, VOLUME_SCHEMA, !isAutoName(ctx.name, reveal(news["name"]))),
    create: async (ctx, inputs) => {
      const v = reveal<VolumeInputs>(inputs);
      const args = ["volume", "create", "--driver", v.driver ?? "local"];
      args.push(...mapFlags("--opt", v.driverOpts), ...labelFlags(v.labels), v.name);
      const id = await cli.run(ctx.log, args);
      const live = await inspect<VolumeInspect>(cli, ctx.log, "volume", id);
      if (!live) throw new Error(`volume ${id} vanished right after it was created`);
      return { id, outs: liveOutputs(inputs, live) };
    },
    read: async (ctx, id, props) => {
      const live = await inspect<VolumeInspect>(cli, ctx.log, "volume", id);
      return live ? { id, props: liveOutputs(props, live) } : { id: "", props: {} };
    },
    update: async () => {
      throw new Error("docker.Volume has no in-place update: every input change replaces it");
    },
    delete: async (ctx, id) => removeIfPresent(cli, ctx.log, ["volume", "rm", id]),
  };
}
