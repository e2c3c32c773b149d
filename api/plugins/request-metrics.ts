import fastifyPlugin from "fastify-plugin";
import type { RequestRecorder } from "../metrics/api-metrics";
import { UNMATCHED_PATH } from "../metrics/api-metrics";

/** Records every answered request, labelled by its route pattern, never by its raw URL. */
export const requestMetrics = fastifyPlugin<{ recorder: RequestRecorder }>(
  async (app, { recorder }) => {
    app.addHook("onResponse", (request, reply, done) => {
      const path = request.routeOptions.url ?? UNMATCHED_PATH;
      const seconds = reply.elapsedTime / 1000;
      recorder.record(request.method, path, reply.statusCode, seconds);
      done();
    });
  },
  { name: "request-metrics" },
);
