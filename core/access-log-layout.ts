/**
 * The JSON access-log line Nginx writes and the detector, the tests and the benchmarks read: one
 * definition, field by field, in order. The renderer (components/render/nginx-log-format.ts) turns
 * it into `log_format`; the detector's parser (detector/parse/) matches its leading fields.
 */

/** The keys code refers to by name. */
export const LogKey = {
  SourceIp: "source_ip",
  PeerIp: "peer_ip",
  Timestamp: "timestamp",
  Status: "status",
  Method: "method",
  Path: "path",
  ResponseSize: "response_size",
  UpstreamAddr: "upstream_addr",
  UpstreamStatus: "upstream_status",
  UpstreamResponseTime: "upstream_response_time",
} as const;
export type LogKey = (typeof LogKey)[keyof typeof LogKey];

/** One field of the JSON access-log line. */
export interface AccessLogField {
  readonly name: string;
  /** The Nginx variable logged. */
  readonly value: string;
  readonly type: "string" | "number";
  /** Client-controlled text is logged up to this many bytes, then "..." (the renderer's cap). */
  readonly maxBytes?: number;
}

/**
 * The line, in order. The first four are what the detector reads, placed first so that even a line
 * cut short keeps them; the rest are for forensics and per-version latency. Numbers are unquoted,
 * the rest strings. `source_ip` is $remote_addr *after* realip (the connecting peer unless that
 * peer is a trusted proxy); `peer_ip` is the connecting peer always, so the detector can tell a
 * forwarded address from a direct one. `path` is $uri: normalised and without the query string, so
 * query strings (which may carry tokens) stay out of the log and per-path counts do not explode on
 * `?x=<random>`. Client-controlled text is capped.
 */
export const ACCESS_LOG_FIELDS: readonly AccessLogField[] = [
  { name: LogKey.SourceIp, value: "$remote_addr", type: "string" },
  { name: LogKey.PeerIp, value: "$realip_remote_addr", type: "string" },
  { name: LogKey.Timestamp, value: "$time_iso8601", type: "string" },
  { name: LogKey.Status, value: "$status", type: "number" },
  { name: LogKey.Method, value: "$request_method", type: "string", maxBytes: 16 },
  { name: LogKey.Path, value: "$uri", type: "string", maxBytes: 1024 },
  { name: LogKey.ResponseSize, value: "$body_bytes_sent", type: "number" },
  { name: "request_time", value: "$request_time", type: "number" },
  { name: LogKey.UpstreamAddr, value: "$upstream_addr", type: "string" },
  { name: LogKey.UpstreamStatus, value: "$upstream_status", type: "string" },
  { name: LogKey.UpstreamResponseTime, value: "$upstream_response_time", type: "string" },
  { name: "host", value: "$host", type: "string", maxBytes: 255 },
  { name: "user_agent", value: "$http_user_agent", type: "string", maxBytes: 256 },
  { name: "xff", value: "$http_x_forwarded_for", type: "string", maxBytes: 512 },
];

/** How this project's lines start: the fields the detector reads, in the order Nginx writes them. */
export const STACK_LEADING_KEYS = [
  LogKey.SourceIp,
  LogKey.PeerIp,
  LogKey.Timestamp,
  LogKey.Status,
] as const;

/** How the seed tool's lines start (still read on the fast path: old logs, the benchmarks). */
export const SEED_LEADING_KEYS = [
  LogKey.SourceIp,
  LogKey.Timestamp,
  LogKey.Method,
  LogKey.Path,
  LogKey.Status,
] as const;
