import { Track } from "./track";

/**
 * The label every SwiftDeploy container carries to say what it is. The CrossGuard pack reads it
 * ("only the proxy publishes ports", "OPA stays private"), so components must set it.
 */
export const ROLE_LABEL = "dev.swiftdeploy.role";

/** Container roles, the values of `ROLE_LABEL`. */
export const Role = {
  Proxy: "proxy",
  ApiStable: `api-${Track.Stable}`,
  ApiCanary: `api-${Track.Canary}`,
  Opa: "opa",
  /** The detector's DaemonSet on Kubernetes (on Docker it is a systemd unit, not a container). */
  Detector: "detector",
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** The role of the API container (or pod) that runs `track`. */
export function apiRole(track: Track): Role {
  return track === Track.Stable ? Role.ApiStable : Role.ApiCanary;
}

/**
 * The remote command that installs the detector on the host has a resource name containing this
 * fragment (e.g. `swiftdeploy-detector-install`); the pack's `detector-declared` policy looks for it.
 */
export const DETECTOR_INSTALL_MARKER = "detector-install";
