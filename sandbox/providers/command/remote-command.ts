import { requiredInputs } from "../shared/check-by-schema";
import type { InputSchema } from "../shared/input-schema";
import { updates } from "../shared/input-schema";
import type { ResourceHandler } from "../shared/resource-handler";
import { COMMON_COMMAND_SCHEMA, commandResource } from "./command-resource";
import type { Connection } from "./connection";
import { CONNECTION_SHAPE, dial } from "./connection";
import { sshExec } from "./ssh-exec";

/** The official command.remote.Command inputs the stand-in implements (`connection.proxy` is not). */
export const REMOTE_COMMAND_SCHEMA: InputSchema = {
  ...COMMON_COMMAND_SCHEMA,
  connection: updates(CONNECTION_SHAPE),
};

/** `command:remote:Command` over SSH with the ssh2 library. */
export function remoteCommandHandler(): ResourceHandler {
  return commandResource({
    token: "command:remote:Command",
    schema: REMOTE_COMMAND_SCHEMA,
    extraFailures: (inputs) => requiredInputs(inputs, ["connection"]),
    run: async (ctx, inputs, command, env, sink) => {
      const connection = inputs["connection"] as Connection;
      ctx.log.debug(
        `ssh ${connection.user ?? "root"}@${connection.host}:${connection.port ?? 22}: ${command}`,
      );
      const client = await dial(connection, ctx.log);
      try {
        return await sshExec(client, command, {
          env,
          stdin: inputs["stdin"] as string | undefined,
          sink,
        });
      } finally {
        client.end();
      }
    },
  });
}
