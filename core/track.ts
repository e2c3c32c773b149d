/**
 * The two API tracks: stable takes the traffic, canary the share the manifest gives it. One name for
 * the API's MODE, its container and network alias, the upstream servers, the legacy manifest's
 * `services.mode` and the CLI's scrapes.
 */
export const Track = { Stable: "stable", Canary: "canary" } as const;
export type Track = (typeof Track)[keyof typeof Track];

/** Both tracks, stable first (the order containers, upstream servers and tables use). */
export const TRACKS = [Track.Stable, Track.Canary] as const satisfies readonly Track[];
