import type { FastifyPluginAsync, onRequestHookHandler } from "fastify";
import { z } from "zod";
import { bearerMatches } from "../chaos/bearer-token";
import type { ChaosController } from "../chaos/chaos-controller";
import type { ApiConfig } from "../config";
import { ApiError, ApiErrorCode } from "../errors";
import { OPERATIONAL } from "../plugins/route-config";
import { ChaosRequest, ChaosState } from "../schemas/chaos";
import { jsonSchema } from "../schemas/json-schema";

/** A chaos body is a few dozen bytes; anything near this limit is not one. */
export const CHAOS_BODY_LIMIT = 1024;

const ChaosReply = z.object({ chaos: ChaosState });

function requireToken(token: string): onRequestHookHandler {
  return (request, reply, done) => {
    if (bearerMatches(request.headers.authorization, token)) return done();
    reply.header("www-authenticate", 'Bearer realm="swiftdeploy-chaos"');
    done(
      new ApiError(
        401,
        ApiErrorCode.Unauthorized,
        "chaos requires the header Authorization: Bearer <CHAOS_TOKEN>",
      ),
    );
  };
}

const requireCanary =
  (config: ApiConfig): onRequestHookHandler =>
  (_request, _reply, done) => {
    if (config.mode === "canary") return done();
    done(
      new ApiError(
        403,
        ApiErrorCode.ChaosForbidden,
        `chaos is only available in canary mode; this instance runs in ${config.mode} mode`,
      ),
    );
  };

/**
 * `POST /chaos`: the operator degrades a canary on purpose. Checks run before the body is read:
 * the token (when one is configured), then the mode.
 */
export const chaosRoute: FastifyPluginAsync<{ config: ApiConfig; chaos: ChaosController }> = async (
  app,
  { config, chaos },
) => {
  const guards = config.chaosToken === undefined ? [] : [requireToken(config.chaosToken)];
  app.post(
    "/chaos",
    {
      config: OPERATIONAL,
      bodyLimit: CHAOS_BODY_LIMIT,
      onRequest: [...guards, requireCanary(config)],
      schema: { body: ChaosRequest, response: { 200: jsonSchema(ChaosReply) } },
    },
    (request, reply) => {
      const state = chaos.apply(request.body as ChaosRequest);
      request.log.info({ chaos: state }, "chaos changed");
      return reply.send({ chaos: state });
    },
  );
};
