import * as command from "@pulumi/command";
import type * as pulumi from "@pulumi/pulumi";
import { CONTAINER_USER, type HostPaths } from "./naming";
import { shellQuote } from "./remote-file";
import { asRoot } from "./root-shell";

/** The create and delete commands for the stack's folders on the host. */
export function hostDirectoryCommands(paths: HostPaths) {
  const q = shellQuote;
  return {
    create: [
      "set -eu",
      `mkdir -p ${q(paths.nginxDir)} ${q(paths.opaDir)} ${q(paths.logDir)}`,
      `chmod 0755 ${q(paths.configDir)} ${q(paths.nginxDir)} ${q(paths.opaDir)}`,
      // The detector's Nginx deny list must exist before Nginx includes it.
      `touch ${q(`${paths.nginxDir}/deny.conf`)}`,
      // Nginx runs as the unprivileged container user and must write its access log here.
      `chown ${CONTAINER_USER} ${q(paths.logDir)}`,
      // Readable by the detector, which runs as root but without CAP_DAC_OVERRIDE (so mode bits apply).
      `chmod 0755 ${q(paths.logDir)}`,
    ].join("\n"),
    // Logs stay for the audit trail; `swiftdeploy teardown --clean` removes them.
    delete: `rm -rf ${q(paths.configDir)}`,
  };
}

/** Creates the stack's folders on the host before anything writes into them; removes config on destroy. */
export function hostDirectories(
  name: string,
  connection: command.types.input.remote.ConnectionArgs,
  paths: HostPaths,
  opts: pulumi.CustomResourceOptions,
) {
  const commands = hostDirectoryCommands(paths);
  return new command.remote.Command(
    name,
    {
      connection,
      create: asRoot(connection, commands.create),
      delete: asRoot(connection, commands.delete),
      logging: "stderr",
    },
    { ...opts, deleteBeforeReplace: true },
  );
}
