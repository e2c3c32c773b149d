import type { ProxyConfig, ReleaseConfig, ServiceConfig } from "../../core/manifest";
import { clientLimitDirectives, limitZoneDirectives, requestLimitDirectives } from "./nginx-limits";
import { headerBufferDirectives } from "./nginx-log-bounds";
import { ACCESS_LOG_FORMAT, logCapMaps, logFormatDirective } from "./nginx-log-format";
import { privatePathLocations, securityHeaderDirectives } from "./nginx-security";
import type { NginxNode } from "./nginx-syntax";
import { block, directive, renderNginx, safeToken } from "./nginx-syntax";
import { upstreamServers } from "./nginx-upstream";

/** What the components decide: container names, mounts, the port inside the container. */
export interface NginxRenderOptions {
  /** Names the stable and canary API containers answer to on the private network. */
  readonly upstreamHosts: { readonly stable: string; readonly canary: string };
  /** JSON access log, inside a host directory the detector follows. */
  readonly accessLogPath: string;
  /** Unprivileged port Nginx listens on in its container; the publish maps publicPort to it. */
  readonly listenPort?: number;
  /** Listen on [::] as well (the edge network carries IPv6: network.ipv6.enabled). */
  readonly listenIpv6?: boolean;
  /** Writable directory (a tmpfs) for the pid and temp files: the root filesystem is read-only. */
  readonly runtimeDir?: string;
  /** error_log target. */
  readonly errorLog?: string;
  /**
   * A file of `deny <address>;` lines the detector maintains for clients behind trusted proxies
   * (their packets come from the proxy, so the kernel cannot ban them); included in the server.
   */
  readonly denyListPath?: string;
}

/** Defaults for the optional render options. */
export const NGINX_DEFAULTS = { listenPort: 8080, runtimeDir: "/tmp", errorLog: "stderr" } as const;

/** The manifest sections the proxy config depends on. */
export interface NginxManifestInput {
  readonly service: Pick<ServiceConfig, "port">;
  readonly release: ReleaseConfig;
  readonly proxy: ProxyConfig;
}

const UPSTREAM = "swiftdeploy_api";

function realIp(trusted: readonly string[]): string[] {
  if (trusted.length === 0) return [];
  return [
    ...trusted.map((cidr) => directive("set_real_ip_from", cidr)),
    directive("real_ip_header", "X-Forwarded-For"),
    directive("real_ip_recursive", "on"),
  ];
}

function upstream(input: NginxManifestInput, options: NginxRenderOptions): NginxNode {
  const hosts = {
    stable: safeToken(options.upstreamHosts.stable, "upstream host"),
    canary: safeToken(options.upstreamHosts.canary, "upstream host"),
  };
  // max_fails=0: a server is never taken out after a failed request. The API resets the connection
  // of a request it cannot parse (a control byte in a header), so with nginx's default (1 failure,
  // 10 s) one padded request took both servers out and every client got 502 for 10 s.
  return block(`upstream ${UPSTREAM}`, [
    ...upstreamServers(input.release, hosts).map((s) =>
      directive("server", `${s.host}:${input.service.port}`, `weight=${s.weight}`, "max_fails=0"),
    ),
    directive("keepalive", 32),
  ]);
}

function apiLocation(): NginxNode {
  return block("location /", [
    directive("proxy_pass", `http://${UPSTREAM}`),
    directive("proxy_http_version", "1.1"),
    directive("proxy_set_header", "Connection", '""'),
    directive("proxy_set_header", "Host", "$host"),
    // The API sees only the address Nginx trusts, never a client-supplied chain.
    directive("proxy_set_header", "X-Real-IP", "$remote_addr"),
    directive("proxy_set_header", "X-Forwarded-For", "$remote_addr"),
    directive("proxy_set_header", "X-Forwarded-Proto", "$scheme"),
    directive("proxy_hide_header", "X-Powered-By"),
  ]);
}

function server(
  input: NginxManifestInput,
  listenPort: number,
  options: Pick<NginxRenderOptions, "denyListPath" | "listenIpv6">,
): NginxNode {
  const { proxy } = input;
  const { denyListPath } = options;
  return block("server", [
    directive("listen", listenPort, "default_server"),
    // ipv6only=on is Nginx's default on Linux: this socket takes IPv6 clients, the one above IPv4.
    ...(options.listenIpv6 === true
      ? [directive("listen", `[::]:${listenPort}`, "default_server")]
      : []),
    directive("server_name", "_"),
    ...(denyListPath === undefined
      ? []
      : [directive("include", safeToken(denyListPath, "deny list path"))]),
    ...(proxy.securityHeaders ? securityHeaderDirectives() : []),
    ...requestLimitDirectives(proxy),
    block("location = /nginx-health", [
      directive("access_log", "off"),
      directive("default_type", "text/plain"),
      directive("return", 200, '"ok\\n"'),
    ]),
    ...privatePathLocations(proxy.privatePaths),
    apiLocation(),
  ]);
}

/**
 * nginx.conf for the proxy container, from the manifest. Start it with `nginx -e stderr -g
 * 'daemon off;'` (the official image's command), as a non-root user on a read-only root.
 */
export function renderNginxConf(input: NginxManifestInput, options: NginxRenderOptions): string {
  const runtimeDir = safeToken(
    options.runtimeDir ?? NGINX_DEFAULTS.runtimeDir,
    "runtime directory",
  );
  const listenPort = options.listenPort ?? NGINX_DEFAULTS.listenPort;
  const { proxy } = input;
  const temp = (name: string) => `${runtimeDir}/nginx-${name}`;
  const nodes: NginxNode[] = [
    directive("worker_processes", "auto"),
    directive("pid", `${runtimeDir}/nginx.pid`),
    directive(
      "error_log",
      safeToken(options.errorLog ?? NGINX_DEFAULTS.errorLog, "error log"),
      "warn",
    ),
    block("events", [directive("worker_connections", 1024)]),
    block("http", [
      directive("server_tokens", "off"),
      directive("default_type", "application/octet-stream"),
      directive("client_body_temp_path", temp("client-body")),
      directive("proxy_temp_path", temp("proxy")),
      directive("fastcgi_temp_path", temp("fastcgi")),
      directive("uwsgi_temp_path", temp("uwsgi")),
      directive("scgi_temp_path", temp("scgi")),
      ...realIp(proxy.trustedProxies),
      ...headerBufferDirectives(),
      ...logCapMaps(),
      logFormatDirective(),
      directive(
        "access_log",
        safeToken(options.accessLogPath, "access log path"),
        ACCESS_LOG_FORMAT,
      ),
      ...clientLimitDirectives(proxy),
      ...limitZoneDirectives(proxy),
      upstream(input, options),
      server(input, listenPort, options),
    ]),
  ];
  return `# Generated by SwiftDeploy from manifest.yaml; edit the manifest, not this file.\n${renderNginx(nodes)}`;
}
