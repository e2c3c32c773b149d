import type { FastifyRequest } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * Operational routes (health, readiness, metrics, chaos) are spared by chaos, so that probes,
     * the promotion gate's scrape and recovery keep working while the service is degraded.
     */
    operational?: boolean;
  }
}

/** Route config of operational routes. */
export const OPERATIONAL = { operational: true } as const;

/** True for requests to application routes (and to unknown URLs: the not-found route is traffic too). */
export function isTraffic(request: FastifyRequest): boolean {
  return request.routeOptions.config.operational !== true;
}
