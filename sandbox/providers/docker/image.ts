import type { CheckFailure } from "@pulumi/pulumi/provider";
import { existsSync } from "node:fs";
import path from "node:path";
import { checkBySchema, isUnknown } from "../shared/check-by-schema";
import { diffBySchema } from "../shared/diff-inputs";
import type { ResourceLog } from "../shared/engine-log";
import type { InputSchema } from "../shared/input-schema";
import { list, map, object, updates, value } from "../shared/input-schema";
import type { ResourceHandler } from "../shared/resource-handler";
import { unsupportedReason } from "../shared/unsupported-inputs";
import type { WireRecord } from "../shared/wire";
import { containsUnknowns, isSecret, reveal, secret } from "../shared/wire";
import { contextDigest } from "./context-digest";
import type { DockerCli } from "./docker-cli";
import { inspect } from "./docker-inspect";
import { mapFlags } from "./labels";

interface DockerBuild {
  context?: string;
  dockerfile?: string;
  args?: Record<string, string>;
  target?: string;
  network?: string;
  addHosts?: string[];
  platform?: string;
  builderVersion?: "BuilderV1" | "BuilderBuildKit";
}

/**
 * The official docker.Image inputs the stand-in implements: a local build, never pushed (so
 * `skipPush` must be true and `registry`/`cacheFrom` are refused). Every change rebuilds in place.
 */
export const IMAGE_SCHEMA: InputSchema = {
  imageName: updates(),
  skipPush: updates(value, false),
  buildOnPreview: updates(value, false),
  build: updates(
    object({
      context: value,
      dockerfile: value,
      args: map,
      target: value,
      network: value,
      addHosts: list(value),
      platform: value,
      builderVersion: value,
      contextDigest: value,
    }),
  ),
};

/** Build settings with the official defaults: context ".", Dockerfile `<context>/Dockerfile`. */
export function buildDefaults(
  build: DockerBuild | undefined,
): Required<Pick<DockerBuild, "context" | "dockerfile">> & DockerBuild {
  const context = build?.context ?? ".";
  return { ...build, context, dockerfile: build?.dockerfile ?? path.join(context, "Dockerfile") };
}

function imageFailures(inputs: WireRecord): CheckFailure[] {
  const failures: CheckFailure[] = [];
  if (reveal(inputs["skipPush"]) !== true && !isUnknown(inputs["skipPush"])) {
    failures.push({
      property: "skipPush",
      reason: `${unsupportedReason("pushing to a registry (skipPush: false)", "docker")}; set skipPush: true`,
    });
  }
  if (reveal(inputs["buildOnPreview"]) === true) {
    failures.push({
      property: "buildOnPreview",
      reason: unsupportedReason("buildOnPreview: true", "docker"),
    });
  }
  if (containsUnknowns(inputs["build"])) return failures;
  const build = buildDefaults(reveal<DockerBuild | undefined>(inputs["build"]));
  if (!existsSync(build.dockerfile)) {
    const inContext = path.join(build.context, build.dockerfile);
    const hint = existsSync(inContext) ? ` Try setting \`dockerfile\` to "${inContext}"` : "";
    failures.push({
      property: "build.dockerfile",
      reason: `could not open dockerfile at ${build.dockerfile} (relative to ${process.cwd()}).${hint}`,
    });
  }
  return failures;
}

let buildKit: Promise<boolean> | undefined;

async function build(
  cli: DockerCli,
  log: ResourceLog,
  imageName: string,
  b: DockerBuild,
): Promise<string> {
  buildKit ??= cli.run(log, ["buildx", "version"]).then(
    () => true,
    () => false,
  );
  const haveBuildKit = await buildKit;
  if (b.builderVersion === "BuilderBuildKit" && !haveBuildKit) {
    throw new Error(
      "builderVersion BuilderBuildKit needs the docker buildx plugin, which is not installed here; use BuilderV1 or leave it unset",
    );
  }
  const useBuildKit =
    b.builderVersion === undefined ? haveBuildKit : b.builderVersion === "BuilderBuildKit";
  if (b.builderVersion === undefined && !haveBuildKit) {
    log.info("docker buildx is not installed: building with the classic builder (BuilderV1)");
  }
  const args = ["build", "--tag", imageName, "--file", path.resolve(b.dockerfile as string)];
  args.push(...mapFlags("--build-arg", b.args));
  if (b.target) args.push("--target", b.target);
  if (b.network) args.push("--network", b.network);
  if (b.platform) args.push("--platform", b.platform);
  for (const host of b.addHosts ?? []) args.push("--add-host", host);
  args.push(path.resolve(b.context as string));
  await cli.run(log, args, { env: { DOCKER_BUILDKIT: useBuildKit ? "1" : "0" } });
  const image = await inspect<{ Id: string }>(cli, log, "image", imageName);
  if (!image) throw new Error(`docker build finished but image ${imageName} is not on the engine`);
  return image.Id;
}

async function buildOutputs(
  cli: DockerCli,
  log: ResourceLog,
  inputs: WireRecord,
): Promise<WireRecord> {
  const imageName = reveal<string>(inputs["imageName"]);
  const b = buildDefaults(reveal<DockerBuild | undefined>(inputs["build"]));
  const imageId = await build(cli, log, imageName, b);
  return {
    ...inputs,
    imageName,
    baseImageName: imageName,
    context: b.context,
    dockerfile: path.relative(b.context, b.dockerfile),
    registryServer: "",
    repoDigest: imageId,
    platform: b.platform,
  };
}

/** `docker:index/image:Image`: `docker build` of a local context; ID is the image name. */
export function imageHandler(cli: DockerCli): ResourceHandler {
  return {
    token: "docker:index/image:Image",
    check: async (ctx, olds, news) => {
      const result = checkBySchema(ctx, olds, news, {
        schema: IMAGE_SCHEMA,
        pkg: "docker",
        required: ["imageName"],
        extra: imageFailures,
      });
      const inputs = result.inputs as WireRecord;
      if ((result.failures ?? []).length === 0 && !containsUnknowns(inputs["build"])) {
        const b = buildDefaults(reveal<DockerBuild | undefined>(inputs["build"]));
        const digest = contextDigest(b.context, b.dockerfile);
        const raw = inputs["build"];
        inputs["build"] = isSecret(raw)
          ? secret({ ...(raw.value as object), contextDigest: digest })
          : { ...((raw as object | undefined) ?? {}), contextDigest: digest };
      }
      return result;
    },
    diff: async (_ctx, _id, olds, news) => diffBySchema(olds, news, IMAGE_SCHEMA),
    create: async (ctx, inputs) => {
      const outs = await buildOutputs(cli, ctx.log, inputs);
      return { id: reveal<string>(inputs["imageName"]), outs };
    },
    // As officially: no reconciliation with the engine on refresh.
    read: async (_ctx, id, props) => ({ id, props }),
    update: async (ctx, _id, _olds, news) => ({ outs: await buildOutputs(cli, ctx.log, news) }),
    delete: async (ctx, id) => {
      ctx.log.debug(
        `docker.Image ${id}: the image stays on the engine (the official provider does not delete tags)`,
      );
    },
  };
}
