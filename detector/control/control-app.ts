import Fastify, { type FastifyInstance } from "fastify";
import type { ControlActions, UnbanTarget } from "./control-actions";

const ipQuery = {
  type: "object",
  required: ["ip"],
  properties: { ip: { type: "string", minLength: 2, maxLength: 64 } },
} as const;

const bansQuery = {
  type: "object",
  properties: {
    permanent: { type: "boolean", default: false },
    offset: { type: "integer", minimum: 0, default: 0 },
    limit: { type: "integer", minimum: 1, maximum: 1_000_000, default: 1000 },
  },
} as const;

const unbanBody = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: {
    ip: { type: "string", minLength: 2, maxLength: 64 },
    permanent: { type: "boolean", const: true },
    all: { type: "boolean", const: true },
  },
} as const;

/**
 * The daemon's control API, served only on a Unix socket in its state directory (owner-only):
 * the operator verbs (`explain`, `bans`, `unban`, `breaker reset`, `flush`, `status`) talk to it.
 */
export function buildControlApp(actions: ControlActions): FastifyInstance {
  const app = Fastify({ logger: false });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _req, reply) => {
    const status = error.statusCode ?? 500;
    void reply.code(status).send({ error: error.message, statusCode: status });
  });
  app.get("/status", { schema: {} }, async () => actions.status());
  app.get<{ Querystring: { ip: string } }>(
    "/explain",
    { schema: { querystring: ipQuery } },
    async (req) => actions.explain(req.query.ip),
  );
  app.get<{ Querystring: { permanent: boolean; offset: number; limit: number } }>(
    "/bans",
    { schema: { querystring: bansQuery } },
    async (req) => actions.bans(req.query.permanent, req.query.offset, req.query.limit),
  );
  app.post<{ Body: UnbanTarget }>("/unban", { schema: { body: unbanBody } }, async (req) =>
    actions.unban(req.body),
  );
  app.post("/breaker/reset", { schema: {} }, async () => actions.resetBreaker());
  app.post("/flush", { schema: {} }, async () => actions.flush());
  app.post("/reload", { schema: {} }, async () => actions.reload());
  return app;
}
