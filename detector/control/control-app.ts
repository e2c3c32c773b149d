import Fastify, { type FastifyInstance } from "fastify";
import type { OperatorBanRequest } from "../engine/operator-ban";
import {
  UNKNOWN_ACTOR,
  type ActorBody,
  type ControlActions,
  type UnbanTarget,
} from "./control-actions";

const actor = { type: "string", minLength: 1, maxLength: 200 } as const;

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
  oneOf: [{ required: ["ip"] }, { required: ["permanent"] }, { required: ["all"] }],
  properties: {
    ip: { type: "string", minLength: 2, maxLength: 64 },
    permanent: { type: "boolean", const: true },
    all: { type: "boolean", const: true },
    actor,
  },
} as const;

const banBody = {
  type: "object",
  additionalProperties: false,
  required: ["ip", "durationSeconds"],
  properties: {
    ip: { type: "string", minLength: 2, maxLength: 64 },
    // null = permanent; at most ten years
    durationSeconds: { type: ["integer", "null"], minimum: 1, maximum: 315_360_000 },
    reason: { type: ["string", "null"], maxLength: 500, default: null },
    actor,
  },
} as const;

const actorBody = {
  type: ["object", "null"],
  additionalProperties: false,
  properties: { actor },
} as const;

/**
 * The daemon's control API, served only on a Unix socket in its state directory (owner-only):
 * the operator verbs (`explain`, `bans`, `ban`, `unban`, `breaker reset`, `flush`, `status`) talk
 * to it. Every action that changes something carries its `actor` (user@host) for the audit log.
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
  app.post<{ Body: Omit<OperatorBanRequest, "actor"> & ActorBody }>(
    "/ban",
    { schema: { body: banBody } },
    async (req) => actions.ban({ ...req.body, actor: req.body.actor ?? UNKNOWN_ACTOR }),
  );
  app.post<{ Body: UnbanTarget }>("/unban", { schema: { body: unbanBody } }, async (req) =>
    actions.unban(req.body),
  );
  app.post<{ Body: ActorBody | null }>(
    "/breaker/reset",
    { schema: { body: actorBody } },
    async (req) => actions.resetBreaker(req.body?.actor),
  );
  app.post<{ Body: ActorBody | null }>("/flush", { schema: { body: actorBody } }, async (req) =>
    actions.flush(req.body?.actor),
  );
  app.post("/reload", { schema: {} }, async () => actions.reload());
  return app;
}
