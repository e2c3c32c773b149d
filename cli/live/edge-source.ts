import { DEFAULT_OPERATIONAL_PATHS, edgeWindows, type EdgeWindows } from "../../gate";
import type { Clock } from "../../core/clock";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import { apiRole } from "../../core/roles";
import { TRACKS, type Track } from "../../core/track";
import type { EdgeMark, EdgeSource } from "../promotion/ports";
import type { LiveStack } from "./live-stack";

/** Upstream address (`address:port`, as Nginx logs it) → the track of the API container there. */
async function upstreamTracks(live: LiveStack): Promise<Map<string, Track>> {
  const port = live.manifest.service.port;
  const tracks = new Map<string, Track>();
  for (const container of await live.containers()) {
    const track = TRACKS.find((t) => container.role === apiRole(t));
    if (track !== undefined && container.address !== null)
      tracks.set(`${container.address}:${port}`, track);
  }
  return tracks;
}

/**
 * Reads each version's window from Nginx's access log on the stack: the bytes written between the
 * two marks (exact, whatever the log's clock), or — when the log was rotated in between — the new
 * file's lines stamped within the window.
 */
export function liveEdgeSource(live: LiveStack, clock: Clock): EdgeSource {
  return {
    async mark(): Promise<EdgeMark | undefined> {
      const tail = await live.accessLogTail("end");
      return tail === null ? undefined : { bytes: tail.size, at: clock.now() };
    },
    async windows(from: EdgeMark, to: EdgeMark): Promise<EdgeWindows> {
      const tail = await live.accessLogTail(from.bytes);
      if (tail === null) {
        throw new SwiftDeployError(
          ErrorCode.RemoteFailed,
          `${live.label} has no access log to read`,
        );
      }
      const tracks = await upstreamTracks(live);
      const rotated = tail.start !== from.bytes;
      const text = rotated
        ? tail.text
        : Buffer.from(tail.text, "utf8")
            .subarray(0, Math.max(0, to.bytes - from.bytes))
            .toString("utf8");
      // The log's timestamps have whole seconds: a rotated window is widened by one each side.
      const [fromMs, toMs] = rotated
        ? [from.at - 1000, to.at + 1000]
        : [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
      return edgeWindows(
        text.split("\n"),
        fromMs,
        toMs,
        (addr) => tracks.get(addr),
        DEFAULT_OPERATIONAL_PATHS,
      );
    },
  };
}
