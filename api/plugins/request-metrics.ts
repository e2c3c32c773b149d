import fastifyPlugin from "fastify-plugin";
import type { RequestRecorder } from "../metrics/api-metrics";
import { UNMATCHED_PATH } from "../metrics/api-metrics";
import { isTrafficRoute } from "./route-config";

/** Records every answered request, labelled by its route pattern, never by its raw URL. */
export const requestMetrics = fastifyPlugin<{ recorder: RequestRecorder }>(
  async (app, { recorder }) => {
    app.addHook("onResponse", (request, reply, done) => {
      // routeOptions builds a fresh object on every read: read it once.
      const route = request.routeOptions;
      const path = route.url ?? UNMATCHED_PATH;
      const seconds = reply.elapsedTime / 1000;
      recorder.record(
        request.method,
        path,
        reply.statusCode,
        seconds,
        isTrafficRoute(route.config),
      );
      done();
    });
  },
  { name: "request-metrics" },
);
