import type { MetricsScrape } from "../../components/gate";
import type { Track } from "../../components/render/api-container";
import { trackVersion } from "../../components/render/api-container";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { MetricsSource } from "../promotion/ports";
import type { LiveContainer } from "./containers";
import type { LiveStack } from "./live-stack";

/** The running container of a track at the manifest's version (the newest name when several). */
export function trackContainer(
  containers: readonly LiveContainer[],
  track: Track,
  version: string | undefined,
): LiveContainer | undefined {
  const candidates = containers.filter((c) => c.role === `api-${track}` && c.running);
  return (
    candidates.find((c) => c.version === version) ??
    (version === undefined ? candidates[0] : undefined)
  );
}

/** Scrapes the container of each track on the host (the one running the manifest's version). */
export function liveMetricsSource(live: LiveStack): MetricsSource {
  return {
    async scrape(track: Track): Promise<MetricsScrape> {
      const version = trackVersion(live.manifest, track);
      const container = trackContainer(await live.containers(), track, version);
      if (container === undefined) {
        throw new SwiftDeployError(
          ErrorCode.RemoteFailed,
          `no running ${track} container for version ${version ?? "(none declared)"} on ${live.hostLabel}`,
          ["apply the manifest first: swiftdeploy deploy"],
        );
      }
      return live.scrape(container);
    },
  };
}
