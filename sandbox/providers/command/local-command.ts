import type { InputSchema } from "../shared/input-schema";
import { list, updates, value } from "../shared/input-schema";
import type { ResourceHandler } from "../shared/resource-handler";
import { COMMON_COMMAND_SCHEMA, commandResource } from "./command-resource";
import { localExec } from "./local-exec";

/**
 * The official command.local.Command inputs the stand-in implements (`archivePaths` and
 * `assetPaths` are not).
 */
export const LOCAL_COMMAND_SCHEMA: InputSchema = {
  ...COMMON_COMMAND_SCHEMA,
  dir: updates(),
  interpreter: updates(list(value)),
};

/** `command:local:Command`: runs on the machine running the engine, in the program's folder by default. */
export function localCommandHandler(): ResourceHandler {
  return commandResource({
    token: "command:local:Command",
    schema: LOCAL_COMMAND_SCHEMA,
    run: async (ctx, inputs, command, env, sink) => {
      ctx.log.debug(`local: ${command}`);
      return localExec(command, {
        interpreter: inputs["interpreter"] as string[] | undefined,
        dir: inputs["dir"] as string | undefined,
        env,
        stdin: inputs["stdin"] as string | undefined,
        sink,
      });
    },
  });
}
