import { checkBySchema } from "../shared/check-by-schema";
import { diffBySchema } from "../shared/diff-inputs";
import type { ResourceLog } from "../shared/engine-log";
import type { InputSchema } from "../shared/input-schema";
import { list, map, replaces, updates, value } from "../shared/input-schema";
import type { ResourceHandler } from "../shared/resource-handler";
import type { WireRecord } from "../shared/wire";
import { reveal } from "../shared/wire";
import type { DockerCli } from "./docker-cli";
import { inspect, removeIfPresent } from "./docker-inspect";

interface ImageInspect {
  Id: string;
  RepoDigests: string[] | null;
}

/**
 * The official docker.RemoteImage inputs the stand-in implements. `build` and `platform` are not:
 * the stand-in only uses images already on the engine (or pullable from a reachable registry).
 */
export const REMOTE_IMAGE_SCHEMA: InputSchema = {
  name: replaces(),
  keepLocally: updates(value, false),
  forceRemove: updates(value, false),
  triggers: replaces(map),
  pullTriggers: replaces(list(value)),
};

async function findOrPull(cli: DockerCli, log: ResourceLog, name: string): Promise<ImageInspect> {
  const present = await inspect<ImageInspect>(cli, log, "image", name);
  if (present) return present;
  try {
    await cli.run(log, ["pull", name]);
  } catch (error) {
    throw new Error(
      `image "${name}" is not present on the Docker engine and could not be pulled ` +
        `(${(error as Error).message}). Build or load it there first (docker build / docker load).`,
    );
  }
  const pulled = await inspect<ImageInspect>(cli, log, "image", name);
  if (!pulled)
    throw new Error(`image "${name}" was pulled but docker image inspect cannot find it`);
  return pulled;
}

function outputs(props: WireRecord, image: ImageInspect): WireRecord {
  return { ...props, imageId: image.Id, repoDigest: image.RepoDigests?.[0] ?? "" };
}

/** `docker:index/remoteImage:RemoteImage`: an image already on the engine; ID `<image id><name>`. */
export function remoteImageHandler(cli: DockerCli): ResourceHandler {
  return {
    token: "docker:index/remoteImage:RemoteImage",
    check: async (ctx, olds, news) =>
      checkBySchema(ctx, olds, news, {
        schema: REMOTE_IMAGE_SCHEMA,
        pkg: "docker",
        required: ["name"],
      }),
    diff: async (_ctx, _id, olds, news) => diffBySchema(olds, news, REMOTE_IMAGE_SCHEMA),
    create: async (ctx, inputs) => {
      const image = await findOrPull(cli, ctx.log, reveal<string>(inputs["name"]));
      return { id: `${image.Id}${reveal<string>(inputs["name"])}`, outs: outputs(inputs, image) };
    },
    read: async (ctx, id, props) => {
      const image = await inspect<ImageInspect>(
        cli,
        ctx.log,
        "image",
        reveal<string>(props["name"]),
      );
      return image ? { id, props: outputs(props, image) } : { id: "", props: {} };
    },
    update: async (_ctx, _id, olds, news) => ({
      outs: { ...news, imageId: olds["imageId"], repoDigest: olds["repoDigest"] },
    }),
    delete: async (ctx, _id, props) => {
      if (reveal<boolean>(props["keepLocally"])) return;
      const args = ["image", "rm", ...(reveal<boolean>(props["forceRemove"]) ? ["--force"] : [])];
      await removeIfPresent(cli, ctx.log, [...args, reveal<string>(props["name"])]);
    },
  };
}
