import type { Manifest } from "../../core/manifest";
import { Role } from "../../core/roles";
import { API_ALIASES, containerNames, PROXY_LISTEN_PORT, type HostPaths } from "../naming";
import { hardenedContainerArgs } from "./hardening";
import { renderNginxConf } from "./nginx-conf";

/** Where the rendered nginx.conf sits inside the proxy container (a read-only bind of the host dir). */
export const PROXY_CONFIG_DIR = "/etc/swiftdeploy/nginx";

/** The detector's Nginx deny list, inside the proxy container (the host's nginx dir, mounted). */
export const PROXY_DENY_LIST = `${PROXY_CONFIG_DIR}/deny.conf`;

/**
 * The stack's nginx.conf: upstreams by network alias, the access log where the detector reads it,
 * and — when clients arrive through trusted proxies — the detector's deny list.
 */
export function proxyConfig(manifest: Manifest, paths: HostPaths): string {
  return renderNginxConf(manifest, {
    upstreamHosts: API_ALIASES,
    accessLogPath: paths.accessLog,
    denyListPath: manifest.proxy.trustedProxies.length > 0 ? PROXY_DENY_LIST : undefined,
    listenIpv6: manifest.network.ipv6.enabled,
  });
}

/** Nginx's memory (MB) and CPU limits, on both targets. */
export const PROXY_RESOURCES = { memoryMb: 128, cpus: 0.5 } as const;

/** bash is in Debian-based nginx images (official and local); /dev/tcp needs no curl. */
export function proxyHealthcheck(): string[] {
  const probe = `exec 3<>/dev/tcp/127.0.0.1/${PROXY_LISTEN_PORT} && printf 'GET /nginx-health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3`;
  return ["CMD", "bash", "-c", probe];
}

/** Nginx in the foreground on the rendered config, logging errors to stderr. */
export function proxyCommand(): string[] {
  return ["nginx", "-e", "stderr", "-c", `${PROXY_CONFIG_DIR}/nginx.conf`, "-g", "daemon off;"];
}

/**
 * The host addresses the public port is published on: `proxy.bindAddress`, and with IPv6 on and the
 * IPv4 wildcard, the IPv6 wildcard too (Docker binds only the address it is given).
 */
export function publishAddresses(manifest: Manifest): string[] {
  const { bindAddress } = manifest.proxy;
  return manifest.network.ipv6.enabled && bindAddress === "0.0.0.0"
    ? [bindAddress, "::"]
    : [bindAddress];
}

/** Container arguments for Nginx, the only container that publishes a port. */
export function proxyContainerArgs(manifest: Manifest, paths: HostPaths) {
  return {
    name: containerNames(manifest).proxy,
    ...hardenedContainerArgs({
      role: Role.Proxy,
      ...PROXY_RESOURCES,
      restart: "unless-stopped",
      healthcheck: proxyHealthcheck(),
      extraLabels: { "dev.swiftdeploy.service": manifest.service.name },
    }),
    command: proxyCommand(),
    ports: publishAddresses(manifest).map((ip) => ({
      internal: PROXY_LISTEN_PORT,
      external: manifest.proxy.publicPort,
      ip,
      protocol: "tcp",
    })),
    mounts: [
      { type: "bind", source: paths.nginxDir, target: PROXY_CONFIG_DIR, readOnly: true },
      { type: "bind", source: paths.logDir, target: paths.logDir, readOnly: false },
    ],
  };
}
