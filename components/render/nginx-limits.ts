import type { ProxyConfig } from "../../core/manifest";
import { directive } from "./nginx-syntax";

const RATE_ZONE = "per_client_rate";
const CONN_ZONE = "per_client_conn";

/** Status of a refusal by limit_req or limit_conn: logged like any answer, so the detector counts it. */
export const LIMIT_STATUS = 429;

/**
 * http-level: how long a client may take and how much it may send. Timed-out clients are cut with
 * 408 (logged) and their connection reset rather than closed politely, so a slowloris flood does
 * not also hold sockets in FIN_WAIT.
 */
export function clientLimitDirectives(proxy: ProxyConfig): string[] {
  const t = proxy.timeouts;
  return [
    directive("client_max_body_size", `${proxy.maxBodyKb}k`),
    directive("client_header_timeout", `${t.clientHeaderSeconds}s`),
    directive("client_body_timeout", `${t.clientBodySeconds}s`),
    directive("send_timeout", `${t.clientSendSeconds}s`),
    directive("keepalive_timeout", `${t.keepaliveSeconds}s`),
    directive("keepalive_requests", proxy.keepaliveRequests),
    directive("reset_timedout_connection", "on"),
    directive("proxy_connect_timeout", `${t.connectSeconds}s`),
    directive("proxy_read_timeout", `${t.readSeconds}s`),
    directive("proxy_send_timeout", `${t.sendSeconds}s`),
  ];
}

/** http-level: the per-client zones, keyed by the address Nginx trusts (after realip). */
export function limitZoneDirectives(proxy: ProxyConfig): string[] {
  const { requestsPerSecond, connectionsPerClient } = proxy.rateLimit;
  return [
    ...(requestsPerSecond === 0
      ? []
      : [
          directive(
            "limit_req_zone",
            "$binary_remote_addr",
            `zone=${RATE_ZONE}:10m`,
            `rate=${requestsPerSecond}r/s`,
          ),
          directive("limit_req_status", LIMIT_STATUS),
        ]),
    ...(connectionsPerClient === 0
      ? []
      : [
          directive("limit_conn_zone", "$binary_remote_addr", `zone=${CONN_ZONE}:10m`),
          directive("limit_conn_status", LIMIT_STATUS),
        ]),
  ];
}

/** server-level: the limits themselves (a burst is served at once, then the rate applies). */
export function requestLimitDirectives(proxy: ProxyConfig): string[] {
  const { requestsPerSecond, burst, connectionsPerClient } = proxy.rateLimit;
  return [
    ...(requestsPerSecond === 0
      ? []
      : [
          directive(
            "limit_req",
            `zone=${RATE_ZONE}`,
            ...(burst > 0 ? [`burst=${burst}`, "nodelay"] : []),
          ),
        ]),
    ...(connectionsPerClient === 0
      ? []
      : [directive("limit_conn", CONN_ZONE, connectionsPerClient)]),
  ];
}
