import type { CheckFailure } from "@pulumi/pulumi/provider";
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { SFTPWrapper } from "ssh2";
import { checkBySchema, isUnknown, requiredInputs } from "../shared/check-by-schema";
import { diffBySchema } from "../shared/diff-inputs";
import type { InputSchema } from "../shared/input-schema";
import { list, replaces, updates, value } from "../shared/input-schema";
import type { ResourceContext, ResourceHandler } from "../shared/resource-handler";
import { unsupportedReason } from "../shared/unsupported-inputs";
import type { WireRecord } from "../shared/wire";
import { isArchive, reveal } from "../shared/wire";
import type { Connection } from "./connection";
import { CONNECTION_SHAPE, dial } from "./connection";
import { copyPath, copyText } from "./sftp-copy";

/** An asset or archive as the engine sends it (signature key aside). */
interface SourceValue {
  hash?: string;
  path?: string;
  text?: string;
  uri?: string;
  assets?: unknown;
}

/** The official command.remote.CopyToRemote inputs (`connection.proxy` is not implemented). */
export const COPY_TO_REMOTE_SCHEMA: InputSchema = {
  connection: updates(CONNECTION_SHAPE),
  source: updates(),
  remotePath: updates(),
  triggers: replaces(list(value)),
};

function sourceFailures(inputs: WireRecord): CheckFailure[] {
  const failures = requiredInputs(inputs, ["connection", "source", "remotePath"]);
  const source = inputs["source"];
  if (failures.length > 0 || isUnknown(source)) return failures;
  const s = reveal<SourceValue>(source);
  if (isArchive(source) && s.path === undefined) {
    failures.push({
      property: "source",
      reason: "archive must be a path to a file or directory (a FileArchive)",
    });
  } else if (s.uri !== undefined) {
    failures.push({
      property: "source",
      reason: unsupportedReason("a remote (uri) source", "command"),
    });
  } else if (s.path === undefined && s.text === undefined && !isArchive(source)) {
    failures.push({
      property: "source",
      reason: "asset must be a path-based file asset or a text asset",
    });
  }
  return failures;
}

async function copy(ctx: ResourceContext, inputs: WireRecord): Promise<void> {
  const connection = reveal<Connection>(inputs["connection"]);
  const source = reveal<SourceValue>(inputs["source"]);
  const remotePath = reveal<string>(inputs["remotePath"]);
  ctx.log.debug(`sftp ${connection.host}:${remotePath} from ${source.path ?? "text asset"}`);
  const client = await dial(connection, ctx.log);
  try {
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
      client.sftp((error, s) => (error ? reject(error) : resolve(s))),
    );
    if (source.text !== undefined) await copyText(sftp, source.text, remotePath);
    else
      await copyPath(
        sftp,
        path.resolve(source.path as string) + (source.path?.endsWith("/") ? "/" : ""),
        remotePath,
      );
  } finally {
    client.end();
  }
}

/** `command:remote:CopyToRemote`: a file, text or directory to the host over SFTP; delete leaves it. */
export function copyToRemoteHandler(): ResourceHandler {
  return {
    token: "command:remote:CopyToRemote",
    check: async (ctx, olds, news) =>
      checkBySchema(ctx, olds, news, {
        schema: COPY_TO_REMOTE_SCHEMA,
        pkg: "command",
        extra: sourceFailures,
      }),
    diff: async (_ctx, _id, olds, news) => diffBySchema(olds, news, COPY_TO_REMOTE_SCHEMA),
    create: async (ctx, inputs) => {
      await copy(ctx, inputs);
      return { id: randomBytes(4).toString("hex"), outs: inputs };
    },
    read: async (_ctx, id, props) => ({ id, props }),
    update: async (ctx, _id, olds, news) => {
      const before = reveal<SourceValue>(olds["source"]);
      const after = reveal<SourceValue>(news["source"]);
      const moved = reveal(olds["remotePath"]) !== reveal(news["remotePath"]);
      if (
        moved ||
        before.hash !== after.hash ||
        before.text !== after.text ||
        before.path !== after.path
      )
        await copy(ctx, news);
      return { outs: news };
    },
    delete: async (ctx) =>
      ctx.log.debug("CopyToRemote: remote files are left in place, as officially"),
  };
}
