import type { Manifest } from "../../core/manifest";
import { apiRole } from "../../core/roles";
import { Track, TRACKS } from "../../core/track";
import { API_ALIASES, containerNames } from "../naming";
import { hardenedContainerArgs } from "./hardening";

/** The version a track runs, or undefined when the manifest declares no such track. */
export function trackVersion(
  manifest: Pick<Manifest, "release">,
  track: Track,
): string | undefined {
  return track === Track.Stable
    ? manifest.release.stable.version
    : manifest.release.canary?.version;
}

/** The tracks the manifest declares, stable first, each with the version it runs. */
export function versionsByTrack(manifest: Pick<Manifest, "release">): [Track, string][] {
  return TRACKS.flatMap((track) => {
    const version = trackVersion(manifest, track);
    return version === undefined ? [] : [[track, version] as [Track, string]];
  });
}

/** Health check run inside the API image, which has node but no curl. */
export function apiHealthcheck(port: number): string[] {
  const probe = `require('http').get({host:'127.0.0.1',port:${port},path:'/healthz',timeout:2000},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))`;
  return ["CMD", "node", "-e", probe];
}

/** Container arguments for one API track (the image and the secret chaos token are wired in by the component). */
export function apiContainerArgs(manifest: Manifest, track: Track, version: string) {
  const { service } = manifest;
  return {
    name: containerNames(manifest).api(track, version),
    ...hardenedContainerArgs({
      role: apiRole(track),
      memoryMb: service.resources.memoryMb,
      cpus: service.resources.cpus,
      restart: service.restart,
      healthcheck: apiHealthcheck(service.port),
      extraLabels: { "dev.swiftdeploy.version": version, "dev.swiftdeploy.service": service.name },
    }),
    networkAlias: API_ALIASES[track],
    envs: [
      `MODE=${track}`,
      `PORT=${service.port}`,
      "HOST=0.0.0.0",
      `APP_VERSION=${version}`,
      `SERVICE_NAME=${service.name}`,
      "NODE_ENV=production",
    ],
  };
}
