import { z } from "zod";
import { checked, flag, listOf, port, text, wholeNumber } from "./fields";
import { LogRotationSchema } from "./log-rotation-schema";
import {
  isAddressOrCidr,
  isIpAddress,
  isNarrowTrustedRange,
  TRUSTED_RANGE_PHRASE,
} from "./network-address";

const seconds = (min: number, max: number, fallback: number, what: string) =>
  wholeNumber(min, max, "seconds").default(fallback).describe(what);

const TimeoutsSchema = z
  .strictObject({
    connectSeconds: seconds(1, 300, 5, "Time to open a connection to the API."),
    readSeconds: seconds(1, 3600, 30, "Time between two reads of the API's response."),
    sendSeconds: seconds(1, 3600, 30, "Time between two writes of the request to the API."),
    clientHeaderSeconds: seconds(
      1,
      300,
      10,
      "Time a client has to send all its request headers (also to send its first byte); a slowloris client is cut with 408.",
    ),
    clientBodySeconds: seconds(
      1,
      3600,
      10,
      "Time between two reads of the client's body; a body trickling slower is cut with 408.",
    ),
    clientSendSeconds: seconds(
      1,
      3600,
      10,
      "Time between two writes of the response to the client; a client reading slower is cut.",
    ),
    keepaliveSeconds: seconds(
      0,
      3600,
      15,
      "Idle keep-alive time of a client connection (0 = off).",
    ),
  })
  .describe("Proxy timeouts: how long slow clients and a slow API may hold a connection.");

const RateLimitSchema = z
  .strictObject({
    requestsPerSecond: wholeNumber(0, 100000, "requests per second")
      .default(100)
      .describe(
        "Sustained request rate allowed per client address; excess gets 429 (0 = no rate limit).",
      ),
    burst: wholeNumber(0, 100000, "requests")
      .default(200)
      .describe("Requests a client may send above the rate before being limited."),
    connectionsPerClient: wholeNumber(0, 100000, "connections")
      .default(50)
      .describe(
        "Requests one client address may have in progress at once; more get 429 (0 = no limit).",
      ),
  })
  .describe(
    "Per-client limits, keyed by the trustworthy client address (after realip for trusted proxies). Refusals are logged, so the detector counts them.",
  );

const cidr = checked(isAddressOrCidr, 'an IP address or CIDR like "10.0.0.0/8"');
const trustedRange = cidr.refine(isNarrowTrustedRange, { error: TRUSTED_RANGE_PHRASE });
const privatePath = text(/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/, 'a path like "/admin"');

/** The public entry point: Nginx. */
export const ProxySchema = z
  .strictObject({
    publicPort: port().default(8080).describe("Host port Nginx is published on."),
    bindAddress: checked(isIpAddress, 'an IP address like "0.0.0.0"')
      .default("0.0.0.0")
      .describe("Host address the public port is bound to (127.0.0.1 = this host only)."),
    timeouts: TimeoutsSchema.prefault({}),
    maxBodyKb: wholeNumber(1, 1048576, "KB")
      .default(16)
      .describe(
        "Largest request body accepted, in KB; larger requests get 413 from Nginx. 16 is the API's own limit: raise both together.",
      ),
    keepaliveRequests: wholeNumber(1, 100000, "requests")
      .default(1000)
      .describe("Requests one client connection may carry before Nginx closes it."),
    rateLimit: RateLimitSchema.prefault({}),
    trustedProxies: listOf(trustedRange, "IP addresses or CIDRs")
      .default([])
      .describe(
        "Proxies (addresses or CIDRs no wider than /8 for IPv4, /32 for IPv6) in front of Nginx whose X-Forwarded-For is believed. Empty: the header is ignored and the connecting address is the client.",
      ),
    securityHeaders: flag()
      .default(true)
      .describe(
        "Add X-Content-Type-Options, X-Frame-Options, Referrer-Policy and a Content-Security-Policy to every response.",
      ),
    privatePaths: listOf(privatePath, "paths")
      .default([])
      .describe(
        "Extra operator-only paths answered with 404 publicly, in addition to /metrics and /chaos.",
      ),
    logRotation: LogRotationSchema.prefault({}),
  })
  .describe("The public entry point (Nginx): the only published port.");

/** The typed `proxy` section. */
export type ProxyConfig = z.output<typeof ProxySchema>;
