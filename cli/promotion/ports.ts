import type { MetricsScrape } from "../../gate";
import type { Track } from "../../core/track";

/** Reads the /metrics page of the container serving a track now. */
export interface MetricsSource {
  /** Throws a SwiftDeployError when the track has no running container or it does not answer. */
  scrape(track: Track): Promise<MetricsScrape>;
}

/** Applies the manifest to the stack (a Pulumi update) and waits until it answers again. */
export interface ReleaseApplier {
  /** `purpose` says why, for the progress lines and the deploy history ("promote 1.1.0"). */
  apply(purpose: string): Promise<void>;
}
