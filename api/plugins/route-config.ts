import type { FastifyRequest } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * Operational routes (health, readiness, metrics, chaos) are spared by chaos and kept out of
     * the latency window, so that probes and the promotion gate see the service, not themselves.
     */
    operational?: boolean;
  }
}

/** Route config of operational routes. */
export const OPERATIONAL = { operational: true } as const;

/** True for requests to application routes (and to unknown URLs, which are traffic too). */
export function isTraffic(request: FastifyRequest): boolean {
  return request.routeOptions.config.operational !== true;
}
