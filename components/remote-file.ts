import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { asRoot } from "./root-shell";

/** A file the stack writes on the Docker host over SSH. */
export interface RemoteFileArgs {
  readonly connection: command.types.input.remote.ConnectionArgs;
  readonly path: string;
  /** File content; a Pulumi secret stays secret (it travels on stdin, never in the command line). */
  readonly content: pulumi.Input<string>;
  /** Octal mode, e.g. "0644"; secrets should use "0600". */
  readonly mode?: string;
  /** Commands run after the file changed (e.g. a reload); failures fail the update. */
  readonly afterWrite?: string;
}

/** Shell-quotes one word. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}

/** The create command: an atomic write (temp file + rename) of stdin to the path. */
export function writeFileCommand(path: string, mode: string, afterWrite?: string): string {
  const dir = path.slice(0, path.lastIndexOf("/")) || "/";
  const tmp = `${path}.swiftdeploy-tmp`;
  return [
    "set -eu",
    `mkdir -p ${shellQuote(dir)}`,
    `umask 077`,
    `cat > ${shellQuote(tmp)}`,
    `chmod ${mode} ${shellQuote(tmp)}`,
    `mv -f ${shellQuote(tmp)} ${shellQuote(path)}`,
    ...(afterWrite === undefined ? [] : [afterWrite]),
  ].join("\n");
}

/** sha256 of a string: a short fingerprint for labels and triggers. */
export function contentHash(content: string): string {
  return createHash("sha256").update(content).digest("hex");
}

/**
 * Writes `content` to `path` on the host; rewrites it only when the content changes (a changed
 * stdin is an update, which re-runs the write), removes it on destroy. Never replaced
 * create-before-delete: the old resource's delete would remove the freshly written file.
 */
export function remoteFile(name: string, args: RemoteFileArgs, opts: pulumi.CustomResourceOptions) {
  const content = pulumi.output(args.content);
  return new command.remote.Command(
    name,
    {
      connection: args.connection,
      create: asRoot(
        args.connection,
        writeFileCommand(args.path, args.mode ?? "0644", args.afterWrite),
      ),
      delete: asRoot(args.connection, `rm -f ${shellQuote(args.path)}`),
      stdin: content,
      logging: "stderr",
    },
    { ...opts, deleteBeforeReplace: true },
  );
}
