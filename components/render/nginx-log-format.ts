import { block, directive, quoted, type NginxNode } from "./nginx-syntax";

/** One field of the JSON access-log line. */
export interface AccessLogField {
  readonly name: string;
  /** The Nginx variable logged. */
  readonly value: string;
  readonly type: "string" | "number";
  /** Client-controlled text is logged up to this many bytes, then "..." (see logCapMaps). */
  readonly maxBytes?: number;
}

/**
 * The JSON access-log line, field by field, in order. The first four are what the detector reads,
 * placed first so that even a line cut short keeps them; the rest are for forensics and
 * per-version latency. Numbers are unquoted, the rest strings. `source_ip` is $remote_addr *after*
 * realip (the connecting peer unless that peer is a trusted proxy); `peer_ip` is the connecting
 * peer always, so the detector can tell a forwarded address from a direct one. `path` is $uri:
 * normalised and without the query string, so query strings (which may carry tokens) stay out of
 * the log and per-path counts do not explode on `?x=<random>`. Client-controlled text is capped.
 */
export const ACCESS_LOG_FIELDS: readonly AccessLogField[] = [
  { name: "source_ip", value: "$remote_addr", type: "string" },
  { name: "peer_ip", value: "$realip_remote_addr", type: "string" },
  { name: "timestamp", value: "$time_iso8601", type: "string" },
  { name: "status", value: "$status", type: "number" },
  { name: "method", value: "$request_method", type: "string", maxBytes: 16 },
  { name: "path", value: "$uri", type: "string", maxBytes: 1024 },
  { name: "response_size", value: "$body_bytes_sent", type: "number" },
  { name: "request_time", value: "$request_time", type: "number" },
  { name: "upstream_addr", value: "$upstream_addr", type: "string" },
  { name: "upstream_status", value: "$upstream_status", type: "string" },
  { name: "upstream_response_time", value: "$upstream_response_time", type: "string" },
  { name: "host", value: "$host", type: "string", maxBytes: 255 },
  { name: "user_agent", value: "$http_user_agent", type: "string", maxBytes: 256 },
  { name: "xff", value: "$http_x_forwarded_for", type: "string", maxBytes: 512 },
];

/** Name of the log format the server's access_log uses. */
export const ACCESS_LOG_FORMAT = "swiftdeploy_json";

/** What a cut value ends with. */
export const CUT_MARK = "...";

/** The variable a field is logged from: its own, or the capped copy a map makes. */
export function loggedVariable(field: AccessLogField): string {
  return field.maxBytes === undefined ? field.value : `$sd_log_${field.name}`;
}

/**
 * One `map` per capped field: the first `maxBytes` bytes and "..." when the value is longer, else
 * the value itself. Nginx has no substring operator in log_format and Debian's nginx-light has no
 * njs, but a map regex may capture; `(?s)` lets `.` match every byte, newlines included.
 */
export function logCapMaps(): NginxNode[] {
  return ACCESS_LOG_FIELDS.filter((f) => f.maxBytes !== undefined).map((f) => {
    const cut = `sd_cut_${f.name}`;
    return block(`map ${f.value} ${loggedVariable(f)}`, [
      directive(quoted(`~(?s)^(?<${cut}>.{${f.maxBytes}}).`), quoted(`\${${cut}}${CUT_MARK}`)),
      directive("default", f.value),
    ]);
  });
}

/** `log_format swiftdeploy_json escape=json '{…}'`: escape=json makes every line valid JSON. */
export function logFormatDirective(): string {
  const body = ACCESS_LOG_FIELDS.map((f) =>
    f.type === "number" ? `"${f.name}":${loggedVariable(f)}` : `"${f.name}":"${loggedVariable(f)}"`,
  ).join(",");
  return directive("log_format", ACCESS_LOG_FORMAT, "escape=json", `'{${body}}'`);
}
