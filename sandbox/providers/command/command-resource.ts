import type { CheckFailure } from "@pulumi/pulumi/provider";
import { randomBytes } from "node:crypto";
import { checkBySchema } from "../shared/check-by-schema";
import { diffBySchema } from "../shared/diff-inputs";
import type { InputSchema } from "../shared/input-schema";
import { list, map, replaces, updates, value } from "../shared/input-schema";
import type { ResourceContext, ResourceHandler } from "../shared/resource-handler";
import type { WireRecord } from "../shared/wire";
import { reveal } from "../shared/wire";
import type { CommandResult, Logging, OutputSink } from "./command-output";
import { loggingSink } from "./command-output";

/** Inputs both command resources share (official names); all update in place but `triggers`. */
export const COMMON_COMMAND_SCHEMA: InputSchema = {
  create: updates(),
  update: updates(),
  delete: updates(),
  environment: updates(map),
  stdin: updates(),
  logging: updates(value, "stdoutAndStderr"),
  addPreviousOutputInEnv: updates(value, true),
  triggers: replaces(list(value)),
};

/** Runs one command for a resource: the remote or the local way. */
export type CommandRunner = (
  ctx: ResourceContext,
  inputs: Record<string, unknown>,
  command: string,
  env: Record<string, string>,
  sink: OutputSink,
) => Promise<CommandResult>;

function environment(
  inputs: Record<string, unknown>,
  previous: WireRecord | undefined,
): Record<string, string> {
  const env = { ...((inputs["environment"] as Record<string, string> | undefined) ?? {}) };
  if (previous && inputs["addPreviousOutputInEnv"] !== false) {
    const stdout = reveal<string | undefined>(previous["stdout"]);
    const stderr = reveal<string | undefined>(previous["stderr"]);
    if (stdout) env["PULUMI_COMMAND_STDOUT"] = stdout;
    if (stderr) env["PULUMI_COMMAND_STDERR"] = stderr;
  }
  return env;
}

/**
 * A command resource (`command:remote:Command`, `command:local:Command`): `create` runs on create,
 * `update` (or else `create` again) when inputs change, `delete` on delete; ID `<name><8 hex>`.
 */
export function commandResource(options: {
  token: string;
  schema: InputSchema;
  run: CommandRunner;
  extraFailures?: (inputs: WireRecord) => CheckFailure[];
}): ResourceHandler {
  const { schema, run } = options;
  const runLogged = (
    ctx: ResourceContext,
    inputs: WireRecord,
    command: string,
    previous?: WireRecord,
  ) => {
    const plain = reveal<Record<string, unknown>>(inputs);
    const logging = (plain["logging"] as Logging | undefined) ?? "stdoutAndStderr";
    return run(
      ctx,
      plain,
      command,
      environment(plain, previous),
      loggingSink(logging, (line) => ctx.log.info(line)),
    );
  };
  return {
    token: options.token,
    check: async (ctx, olds, news) =>
      checkBySchema(ctx, olds, news, { schema, pkg: "command", extra: options.extraFailures }),
    diff: async (_ctx, _id, olds, news) => diffBySchema(olds, news, schema),
    create: async (ctx, inputs) => {
      const id = `${ctx.name}${randomBytes(4).toString("hex")}`;
      const command = reveal<string | undefined>(inputs["create"]);
      const result = command ? await runLogged(ctx, inputs, command) : { stdout: "", stderr: "" };
      return { id, outs: { ...inputs, ...result } };
    },
    read: async (_ctx, id, props) => ({ id, props }),
    update: async (ctx, _id, olds, news) => {
      const command =
        reveal<string | undefined>(news["update"]) ?? reveal<string | undefined>(news["create"]);
      const kept = { stdout: olds["stdout"], stderr: olds["stderr"] };
      const result = command ? await runLogged(ctx, news, command, olds) : kept;
      return { outs: { ...news, ...result } };
    },
    delete: async (ctx, _id, props) => {
      const command = reveal<string | undefined>(props["delete"]);
      if (command) await runLogged(ctx, props, command, props);
    },
  };
}
