import { directive } from "./nginx-syntax";

/**
 * The JSON access-log line, field by field, in order. The first six are what the detector reads;
 * the rest are for forensics and per-version latency. Numbers are unquoted, the rest strings.
 * `source_ip` is $remote_addr *after* realip, so it is the connecting peer unless that peer is a
 * trusted proxy. `path` is $uri: normalised and without the query string, so query strings (which
 * may carry tokens) stay out of the log and per-path counts do not explode on `?x=<random>`.
 */
export const ACCESS_LOG_FIELDS = [
  { name: "source_ip", value: "$remote_addr", type: "string" },
  { name: "timestamp", value: "$time_iso8601", type: "string" },
  { name: "method", value: "$request_method", type: "string" },
  { name: "path", value: "$uri", type: "string" },
  { name: "status", value: "$status", type: "number" },
  { name: "response_size", value: "$body_bytes_sent", type: "number" },
  { name: "request_time", value: "$request_time", type: "number" },
  { name: "upstream_addr", value: "$upstream_addr", type: "string" },
  { name: "upstream_status", value: "$upstream_status", type: "string" },
  { name: "upstream_response_time", value: "$upstream_response_time", type: "string" },
  { name: "host", value: "$host", type: "string" },
  { name: "user_agent", value: "$http_user_agent", type: "string" },
  { name: "xff", value: "$http_x_forwarded_for", type: "string" },
] as const;

/** Name of the log format the server's access_log uses. */
export const ACCESS_LOG_FORMAT = "swiftdeploy_json";

/** `log_format swiftdeploy_json escape=json '{…}'`: escape=json makes every line valid JSON. */
export function logFormatDirective(): string {
  const body = ACCESS_LOG_FIELDS.map(({ name, value, type }) =>
    type === "number" ? `"${name}":${value}` : `"${name}":"${value}"`,
  ).join(",");
  return directive("log_format", ACCESS_LOG_FORMAT, "escape=json", `'{${body}}'`);
}
