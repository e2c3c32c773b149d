import type { FastifyPluginAsync } from "fastify";
import type { Clock } from "../../core";
import type { ApiConfig } from "../config";
import { jsonSchema } from "../schemas/json-schema";
import { WelcomeReply } from "../schemas/replies";

/** `GET /`: the application route that user traffic and the benchmark hit. */
export const rootRoute: FastifyPluginAsync<{ config: ApiConfig; clock: Clock }> = async (
  app,
  { config, clock },
) => {
  app.get("/", { schema: { response: { 200: jsonSchema(WelcomeReply) } } }, (_request, reply) => {
    const body: WelcomeReply = {
      message: "Welcome to SwiftDeploy",
      service: config.serviceName,
      mode: config.mode,
      version: config.version,
      time: new Date(clock.now()).toISOString(),
    };
    return reply.send(body);
  });
};
