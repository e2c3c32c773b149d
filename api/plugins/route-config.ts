import type { FastifyContextConfig, FastifyRequest } from "fastify";

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

/** True for the config of application routes (and of the not-found route: unknown URLs are traffic too). */
export function isTrafficRoute(config: FastifyContextConfig): boolean {
  return config.operational !== true;
}

/** True for requests to application routes (and to unknown URLs). */
export function isTraffic(request: FastifyRequest): boolean {
  return isTrafficRoute(request.routeOptions.config);
}
