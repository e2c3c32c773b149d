import type { MetricsScrape } from "../../gate";
import type { Track } from "../../core/track";
import { trackVersion } from "../../components/render/api-container";
import type { Clock } from "../../core/clock";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { MetricsSource } from "../promotion/ports";
import type { LiveContainer } from "./containers";
import type { LiveStack } from "./live-stack";

/** The running workload of a track at the manifest's version (the newest name when several). */
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

/** The /metrics page of an API workload, through the stack's private path, stamped with when it was read. */
export async function scrapeContainer(
  live: LiveStack,
  container: LiveContainer,
  clock: Clock,
): Promise<MetricsScrape> {
  let response: Response;
  try {
    response = await live.requestApi(container, "/metrics");
  } catch (error) {
    if (error instanceof SwiftDeployError) throw error;
    throw new SwiftDeployError(
      ErrorCode.RemoteFailed,
      `cannot read /metrics of ${container.name}`,
      [(error as Error).message],
    );
  }
  const text = await response.text();
  if (!response.ok) {
    throw new SwiftDeployError(
      ErrorCode.RemoteFailed,
      `/metrics of ${container.name} answered HTTP ${response.status}`,
    );
  }
  return { text, at: clock.now() };
}

/** Scrapes the workload of each track (the one running the manifest's version). */
export function liveMetricsSource(live: LiveStack, clock: Clock): MetricsSource {
  return {
    async scrape(track: Track): Promise<MetricsScrape> {
      const version = trackVersion(live.manifest, track);
      const container = trackContainer(await live.containers(), track, version);
      if (container === undefined) {
        throw new SwiftDeployError(
          ErrorCode.RemoteFailed,
          `no running ${track} for version ${version ?? "(none declared)"} on ${live.label}`,
          ["apply the manifest first: swiftdeploy deploy"],
        );
      }
      return scrapeContainer(live, container, clock);
    },
  };
}
