import type { EdgeWindows, MetricsScrape } from "../../gate";
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

/** Where an analysis window starts or ends in Nginx's access log. */
export interface EdgeMark {
  readonly bytes: number;
  /** When the mark was taken (ms since the epoch). */
  readonly at: number;
}

/** Nginx's view of each version, from its access log: what the users saw. */
export interface EdgeSource {
  /** The log's end now; undefined where the target has no single log to read. */
  mark(): Promise<EdgeMark | undefined>;
  /** Each version's requests, 5xx and p99 between two marks. */
  windows(from: EdgeMark, to: EdgeMark): Promise<EdgeWindows>;
}
