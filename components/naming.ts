import { instancePaths } from "../core/detector-unit";
import type { Manifest } from "../core/manifest";
import type { Track } from "../core/track";

/** Names the proxy's upstream resolves on the private network (network aliases, not container names). */
export const API_ALIASES = { stable: "api-stable", canary: "api-canary" } as const;
/** The OPA server's name on the private network. */
export const OPA_ALIAS = "opa";
/** Port OPA serves on inside the private network. */
export const OPA_PORT = 8181;
/** Port Nginx listens on inside its container; the publish maps the public port to it. */
export const PROXY_LISTEN_PORT = 8080;
/** Numeric user every SwiftDeploy container runs as (never root). */
export const CONTAINER_USER = "10001:10001";

/** Where the stack keeps its files on the Docker host. */
export interface HostPaths {
  readonly configDir: string;
  readonly nginxDir: string;
  readonly opaDir: string;
  readonly logDir: string;
  readonly accessLog: string;
  readonly detectorDir: string;
  readonly runtimeDir: string;
  /** The Node.js binary the detector runs on (in runtimeDir). */
  readonly nodeBinary: string;
  /** The bundled detector daemon (in detectorDir). */
  readonly detectorBundle: string;
  readonly detectorConfig: string;
  readonly detectorEnv: string;
  readonly detectorStateDir: string;
  /** The operators' addresses the detector never bans, one per line (components/operator-address.ts). */
  readonly operatorsFile: string;
}

/** Host paths for one service; several services can share a host. */
export function hostPaths(service: string): HostPaths {
  const configDir = `/etc/swiftdeploy/${service}`;
  // The detector's unit names these by its instance (the service): they come from one place.
  const detector = instancePaths(service);
  const logDir = `/var/log/swiftdeploy/${service}`;
  return {
    configDir,
    nginxDir: `${configDir}/nginx`,
    opaDir: `${configDir}/opa`,
    logDir,
    accessLog: `${logDir}/access.json`,
    detectorDir: "/opt/swiftdeploy/detector",
    runtimeDir: "/opt/swiftdeploy/runtime",
    nodeBinary: "/opt/swiftdeploy/runtime/node",
    detectorBundle: "/opt/swiftdeploy/detector/swiftdeploy-detector.js",
    detectorConfig: detector.config,
    detectorEnv: detector.envFile,
    detectorStateDir: detector.stateDir,
    operatorsFile: `${configDir}/operators`,
  };
}

/** Container names: the version is part of an API container's name so a new one can start beside the old. */
export function containerNames(manifest: Pick<Manifest, "service">) {
  const prefix = manifest.service.name;
  return {
    proxy: `${prefix}-proxy`,
    opa: `${prefix}-opa`,
    api: (track: Track, version: string) => `${prefix}-${track}-${version}`,
  };
}

/** Where the detector's dashboard listens on the host (loopback by default: reach it through SSH). */
export function dashboardEndpoint(manifest: Pick<Manifest, "detector">): {
  readonly bindAddress: string;
  readonly port: number;
} {
  const { bindAddress, port } = manifest.detector.dashboard;
  return { bindAddress, port };
}

/** The dashboard's loopback address on the host and the SSH command that reaches it. */
export function dashboardAddress(manifest: Manifest): string {
  const { bindAddress, port } = dashboardEndpoint(manifest);
  const { user, address } = manifest.host;
  return `http://${bindAddress}:${port}/ on ${address} (ssh -L ${port}:${bindAddress}:${port} ${user}@${address})`;
}

/** The detector's audit log on the host (JSON lines, rotated to .1, .2, …). */
export function detectorAuditLog(manifest: Pick<Manifest, "detector" | "service">): string {
  return (
    manifest.detector.audit.path ??
    `${hostPaths(manifest.service.name).detectorStateDir}/audit.jsonl`
  );
}
