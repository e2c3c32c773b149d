import type { FastifyPluginAsync } from "fastify";
import type { Registry } from "prom-client";
import { OPERATIONAL } from "../plugins/route-config";

/** `GET /metrics`: the registry in Prometheus text format. */
export const metricsRoute: FastifyPluginAsync<{ registry: Registry }> = async (
  app,
  { registry },
) => {
  app.get("/metrics", { config: OPERATIONAL }, async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
};
