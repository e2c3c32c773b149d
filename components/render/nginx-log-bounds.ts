import { ACCESS_LOG_FIELDS } from "../../core/access-log-layout";
import { CUT_MARK } from "./nginx-log-format";
import { directive } from "./nginx-syntax";

/**
 * Request header limits, set on purpose rather than inherited: the request line and each header
 * fit in 8 KB, all of them in 4 × 8 KB; beyond that Nginx answers 400/414 (and logs it). These
 * bound what a client can send; the log caps bound what of it reaches the log.
 */
export const HEADER_BUFFERS = { initialKb: 1, largeCount: 4, largeKb: 8 } as const;

/** `client_header_buffer_size` and `large_client_header_buffers`. */
export function headerBufferDirectives(): string[] {
  const b = HEADER_BUFFERS;
  return [
    directive("client_header_buffer_size", `${b.initialKb}k`),
    directive("large_client_header_buffers", b.largeCount, `${b.largeKb}k`),
  ];
}

/** escape=json writes a control byte as \u00XX: six bytes for one. */
export const ESCAPE_GROWTH = 6;

/**
 * Longest text Nginx itself writes in the fields it does not cap: addresses (an IPv4-mapped IPv6
 * address is 45 characters), ISO-8601 time, numbers, and the upstream lists (one entry per try, at
 * most two servers here, generously bounded).
 */
const NGINX_WRITTEN_MAX_BYTES: Readonly<Record<string, number>> = {
  source_ip: 45,
  peer_ip: 45,
  timestamp: 25,
  status: 3,
  response_size: 20,
  request_time: 16,
  upstream_addr: 256,
  upstream_status: 64,
  upstream_response_time: 64,
};

/**
 * The longest line the access log can hold: every capped field at its cap with every byte escaped,
 * the others at their longest, plus the keys and punctuation. Kept under the detector's
 * `badLines.maxLineBytes` default so every request Nginx logs is read whole.
 */
export function worstCaseLogLineBytes(): number {
  let total = 2; // { }
  for (const f of ACCESS_LOG_FIELDS) {
    const quotes = f.type === "string" ? 2 : 0;
    const value =
      f.maxBytes !== undefined
        ? f.maxBytes * ESCAPE_GROWTH + CUT_MARK.length
        : (NGINX_WRITTEN_MAX_BYTES[f.name] ?? Number.POSITIVE_INFINITY);
    total += f.name.length + 3 + quotes + value + 1; // "name": value ,
  }
  return total;
}
