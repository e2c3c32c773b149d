import { hostPaths } from "../../components/naming";
import { asRoot } from "../../components/root-shell";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { Manifest } from "../../core/manifest";
import type { Framed } from "./framed-exec";

/** What Nginx's access log held past an earlier size. */
export interface AccessLogTail {
  /** The log's size now: the `fromBytes` of the next read. */
  readonly size: number;
  /** Where the text starts: `fromBytes`, or 0 when the log was rotated (smaller than that). */
  readonly start: number;
  readonly text: string;
}

/** A window's lines are read up to this much; a larger log tail is cut (and said so). */
export const MAX_TAIL_BYTES = 64 * 2 ** 20;

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * Prints "<size> <start>" then the bytes from <start> (0 when the file shrank: rotated);
 * from "end": the size alone, the mark a window starts at.
 */
export function accessLogTailCommand(file: string, fromBytes: number | "end"): string {
  const f = quote(file);
  const from = fromBytes === "end" ? "$s" : String(Math.max(0, Math.floor(fromBytes)));
  return [
    `s=$(stat -c %s ${f} 2>/dev/null) || { echo "no access log at ${file}"; exit 3; }`,
    `n=${from}; [ "$s" -lt "$n" ] && n=0`,
    `echo "$s $n"`,
    `tail -c +$((n + 1)) ${f} | head -c ${MAX_TAIL_BYTES}`,
  ].join("; ");
}

/** Reads the command's output; throws RemoteFailed with its message when the log is missing. */
export function parseAccessLogTail(result: Framed, file: string): AccessLogTail {
  const newline = result.output.indexOf("\n");
  const head = newline < 0 ? result.output : result.output.slice(0, newline);
  const match = /^(\d+) (\d+)$/.exec(head.trim());
  if (result.exitCode !== 0 || match === null) {
    throw new SwiftDeployError(ErrorCode.RemoteFailed, `cannot read Nginx's access log ${file}`, [
      result.output.trim().split("\n")[0] ?? `exit ${result.exitCode}`,
    ]);
  }
  return {
    size: Number(match[1]),
    start: Number(match[2]),
    text: newline < 0 ? "" : result.output.slice(newline + 1),
  };
}

/** The access log on the Docker host past `fromBytes` (root's file: read through sudo -n). */
export async function readAccessLogTail(
  host: { readonly manifest: Manifest; run(command: string): Promise<Framed> },
  fromBytes: number | "end",
): Promise<AccessLogTail> {
  const file = hostPaths(host.manifest.service.name).accessLog;
  const command = asRoot({ user: host.manifest.host.user }, accessLogTailCommand(file, fromBytes));
  return parseAccessLogTail(await host.run(command), file);
}
