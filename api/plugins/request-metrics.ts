import type { RequestRecorder } from "../metrics/api-metrics";
import { UNMATCHED_PATH } from "../metrics/api-metrics";
import { definePlugin } from "./define-plugin";
import { isTraffic } from "./route-config";

/** Records every answered request, labelled by its route pattern, never by its raw URL. */
export const requestMetrics = definePlugin<{ recorder: RequestRecorder }>(
  "request-metrics",
  async (app, { recorder }) => {
    app.addHook("onResponse", (request, reply, done) => {
      const path = request.routeOptions.url ?? UNMATCHED_PATH;
      recorder.record(
        request.method,
        path,
        reply.statusCode,
        reply.elapsedTime / 1000,
        isTraffic(request),
      );
      done();
    });
  },
);
