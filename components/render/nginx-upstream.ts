import type { ReleaseConfig } from "../../core/manifest";
import { Track } from "../../core/track";

/** One `server` line of the API upstream. */
export interface UpstreamServer {
  readonly host: string;
  readonly weight: number;
  readonly track: Track;
}

/**
 * Weighted round robin between stable and canary: weights are the percentages themselves, so
 * nginx's smooth weighted round robin sends exactly `weight` of every 100 requests to the canary
 * (per worker). A 0 % canary is left out and a 100 % one replaces stable, so no server ever needs
 * `weight=0` (which nginx rejects) and no unused host has to resolve.
 */
export function upstreamServers(
  release: ReleaseConfig,
  hosts: { readonly stable: string; readonly canary: string },
): UpstreamServer[] {
  const weight = release.canary?.weight ?? 0;
  if (weight === 0) return [{ host: hosts.stable, weight: 100, track: Track.Stable }];
  if (weight === 100) return [{ host: hosts.canary, weight: 100, track: Track.Canary }];
  return [
    { host: hosts.stable, weight: 100 - weight, track: Track.Stable },
    { host: hosts.canary, weight, track: Track.Canary },
  ];
}
