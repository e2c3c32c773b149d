import type { CheckFailure } from "@pulumi/pulumi/provider";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isAutoName } from "../shared/auto-name";
import { checkBySchema } from "../shared/check-by-schema";
import { changedKeys, diffBySchema } from "../shared/diff-inputs";
import type { ResourceContext, ResourceHandler } from "../shared/resource-handler";
import type { WireRecord } from "../shared/wire";
import { containsUnknowns, reveal, secretStrings, withoutUndefined } from "../shared/wire";
import type { ContainerInputs } from "./container-args";
import { containerCreateArgs, megabytes, restartPolicy } from "./container-args";
import type { RunBehaviour } from "./container-run";
import { startAndSettle, waitHealthy } from "./container-run";
import { CONTAINER_SCHEMA, DOCKER_UPDATE_FLAGS } from "./container-schema";
import type { ContainerInspect } from "./container-state";
import { containerOutputs, refreshedOutputs } from "./container-state";
import type { DockerCli } from "./docker-cli";
import { inspect, removeIfPresent } from "./docker-inspect";

function containerFailures(inputs: WireRecord): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const c = reveal<Partial<ContainerInputs>>(inputs);
  (c.envs ?? []).forEach((env, i) => {
    if (typeof env === "string" && (!/^[^=\s]+=/.test(env) || env.includes("\n"))) {
      failures.push({ property: `envs[${i}]`, reason: `envs[${i}] must be KEY=VALUE on one line` });
    }
  });
  const form = c.healthcheck?.tests?.[0];
  if (
    c.healthcheck &&
    !containsUnknowns(inputs["healthcheck"]) &&
    !["CMD", "CMD-SHELL", "NONE"].includes(form ?? "")
  ) {
    failures.push({
      property: "healthcheck.tests",
      reason: `healthcheck.tests must start with "CMD", "CMD-SHELL" or "NONE" (got ${JSON.stringify(form)})`,
    });
  }
  if (c.restart && !/^(no|on-failure|always|unless-stopped)$/.test(c.restart)) {
    failures.push({
      property: "restart",
      reason: `restart must be one of no, on-failure, always, unless-stopped (got "${c.restart}")`,
    });
  }
  (c.mounts ?? []).forEach((m, i) => {
    if (m && typeof m.type === "string" && !/^(bind|volume|tmpfs)$/.test(m.type)) {
      failures.push({
        property: `mounts[${i}].type`,
        reason: `mounts[${i}].type must be bind, volume or tmpfs (got "${m.type}")`,
      });
    }
  });
  if (c.networksAdvanced?.length && c.networkMode && c.networkMode !== "bridge") {
    failures.push({
      property: "networkMode",
      reason: `networkMode "${c.networkMode}" cannot be combined with networksAdvanced`,
    });
  }
  return failures;
}

function behaviour(inputs: WireRecord): RunBehaviour {
  const v = reveal<Record<string, unknown>>(inputs);
  return {
    start: v["start"] !== false,
    mustRun: v["mustRun"] !== false,
    wait: v["wait"] === true,
    waitTimeout: typeof v["waitTimeout"] === "number" ? v["waitTimeout"] : 60,
    attach: v["attach"] === true,
    logs: v["logs"] === true,
    readTimeoutMs:
      typeof v["containerReadRefreshTimeoutMilliseconds"] === "number"
        ? v["containerReadRefreshTimeoutMilliseconds"]
        : 15000,
  };
}

function writeEnvFile(envs: readonly string[] | undefined): { file?: string; cleanup: () => void } {
  if (!envs || envs.length === 0) return { cleanup: () => undefined };
  const dir = mkdtempSync(path.join(tmpdir(), "sd-docker-env-"));
  const file = path.join(dir, "env");
  writeFileSync(file, `${envs.join("\n")}\n`, { mode: 0o600 });
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Arguments of `docker container update` for the changed in-place settings. */
export function updateArgs(changed: readonly string[], c: Partial<ContainerInputs>): string[] {
  const args: string[] = [];
  if (changed.includes("restart") || changed.includes("maxRetryCount")) {
    args.push("--restart", restartPolicy(c.restart, c.maxRetryCount));
  }
  for (const [key, flag] of Object.entries(DOCKER_UPDATE_FLAGS)) {
    const v = (c as Record<string, unknown>)[key];
    if (!changed.includes(key) || v === undefined) continue;
    args.push(
      flag,
      ["memory", "memorySwap", "memoryReservation"].includes(key)
        ? megabytes(v as number)
        : String(v),
    );
  }
  return args;
}

async function liveOrFail(
  cli: DockerCli,
  ctx: ResourceContext,
  id: string,
): Promise<ContainerInspect> {
  const live = await inspect<ContainerInspect>(cli, ctx.log, "container", id);
  if (!live) throw new Error(`container ${id} no longer exists (run pulumi refresh)`);
  return live;
}

/** `docker:index/container:Container` through the docker CLI. */
export function containerHandler(cli: DockerCli): ResourceHandler {
  return {
    token: "docker:index/container:Container",
    check: async (ctx, olds, news) =>
      checkBySchema(ctx, olds, news, {
        schema: CONTAINER_SCHEMA,
        pkg: "docker",
        required: ["image"],
        extra: containerFailures,
      }),
    diff: async (ctx, _id, olds, news) => {
      const result = diffBySchema(
        olds,
        news,
        CONTAINER_SCHEMA,
        !isAutoName(ctx.name, reveal(news["name"])),
      );
      // A resource limit that is removed cannot be lifted with `docker update`: recreate instead.
      const lifted = Object.keys(DOCKER_UPDATE_FLAGS).filter(
        (k) => olds[k] != null && news[k] == null,
      );
      const replaces = [...(result.replaces ?? []), ...lifted];
      return {
        ...result,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && !isAutoName(ctx.name, reveal(news["name"])),
      };
    },
    create: async (ctx, inputs) => {
      const c = reveal<ContainerInputs>(inputs);
      const secrets = secretStrings(inputs);
      const env = writeEnvFile(c.envs);
      const { args, attachments } = containerCreateArgs(c, env.file);
      let id: string;
      try {
        id = await cli.run(ctx.log, args, { secrets });
      } finally {
        env.cleanup();
      }
      try {
        for (const a of attachments)
          await cli.run(ctx.log, ["network", "connect", ...a.flags, a.network, id]);
        const extra = await startAndSettle(cli, ctx.log, id, behaviour(inputs));
        return { id, outs: containerOutputs(inputs, await liveOrFail(cli, ctx, id), extra) };
      } catch (error) {
        // The container exists: report it so the engine records it and replaces it next time.
        const message = (error as Error).message;
        throw Object.assign(new Error(message), {
          id,
          properties: withoutUndefined(inputs),
          reasons: [message],
        });
      }
    },
    read: async (ctx, id, props) => {
      const live = await inspect<ContainerInspect>(cli, ctx.log, "container", id);
      return live ? { id, props: refreshedOutputs(props, live) } : { id: "", props: {} };
    },
    update: async (ctx, id, olds, news) => {
      const changed = changedKeys(olds, news, CONTAINER_SCHEMA);
      const flags = updateArgs(changed, reveal<Partial<ContainerInputs>>(news));
      if (flags.length > 0) await cli.run(ctx.log, ["container", "update", ...flags, id]);
      const b = behaviour(news);
      const live = await liveOrFail(cli, ctx, id);
      if (b.start && b.mustRun && !live.State.Running) await startAndSettle(cli, ctx.log, id, b);
      else if (b.wait) await waitHealthy(cli, ctx.log, id, b.waitTimeout);
      return { outs: containerOutputs(news, await liveOrFail(cli, ctx, id)) };
    },
    delete: async (ctx, id, props) => {
      const grace = reveal<number | undefined>(props["destroyGraceSeconds"]);
      if (grace)
        await removeIfPresent(cli, ctx.log, ["container", "stop", "--time", String(grace), id]);
      const volumes =
        reveal<boolean | undefined>(props["removeVolumes"]) !== false ? ["--volumes"] : [];
      await removeIfPresent(cli, ctx.log, ["container", "rm", "--force", ...volumes, id]);
    },
  };
}
