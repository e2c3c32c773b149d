import fastifyPlugin from "fastify-plugin";
import type { Clock } from "../../core";
import { OPERATIONAL } from "../plugins/route-config";
import { jsonSchema } from "../schemas/json-schema";
import { HealthReply, ReadyReply } from "../schemas/replies";

/** `GET /healthz` (alive) and `GET /readyz` (takes traffic: not once shutdown has begun). */
export const healthRoutes = fastifyPlugin<{ clock: Clock; startedAt: number }>(
  async (app, { clock, startedAt }) => {
    app.get(
      "/healthz",
      { config: OPERATIONAL, schema: { response: { 200: jsonSchema(HealthReply) } } },
      (_request, reply) => {
        const body: HealthReply = { status: "ok", uptimeSeconds: (clock.now() - startedAt) / 1000 };
        return reply.send(body);
      },
    );

    const readySchema = jsonSchema(ReadyReply);
    app.get(
      "/readyz",
      { config: OPERATIONAL, schema: { response: { 200: readySchema, 503: readySchema } } },
      (_request, reply) => {
        if (!app.readiness.draining) return reply.send({ ready: true } satisfies ReadyReply);
        return reply.code(503).send({ ready: false, reason: "shutting down" } satisfies ReadyReply);
      },
    );
  },
  { name: "health-routes", encapsulate: true, dependencies: ["readiness"] },
);
