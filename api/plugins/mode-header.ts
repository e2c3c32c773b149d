import fastifyPlugin from "fastify-plugin";
import type { Track } from "../../core/track";

/** Sets `X-Mode: stable|canary` on every response, errors included. */
export const modeHeader = fastifyPlugin<{ mode: Track }>(
  async (app, { mode }) => {
    app.addHook("onRequest", (_request, reply, done) => {
      reply.header("x-mode", mode);
      done();
    });
  },
  { name: "mode-header" },
);
