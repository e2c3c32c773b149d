import Fastify, { LogController } from "fastify";
import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import type { Clock, RandomSource } from "../core";
import { ChaosController } from "./chaos/chaos-controller";
import type { ApiConfig } from "./config";
import { ApiError, ApiErrorCode } from "./errors";
import { registerApiMetrics } from "./metrics/api-metrics";
import { chaosEffects } from "./plugins/chaos-effects";
import type { Sleep } from "./plugins/chaos-effects";
import { errorReplies, sendError } from "./plugins/error-replies";
import { modeHeader } from "./plugins/mode-header";
import { readiness } from "./plugins/readiness";
import { requestMetrics } from "./plugins/request-metrics";
import { requestValidation } from "./plugins/request-validation";
import { chaosRoute } from "./routes/chaos";
import { healthRoutes } from "./routes/health";
import { metricsRoute } from "./routes/metrics";
import { rootRoute } from "./routes/root";

/** What the app takes from outside instead of reaching for globals. */
export interface ApiDeps {
  /** Registry the metrics go into; one per app, never prom-client's global one. */
  readonly registry: Registry;
  readonly clock: Clock;
  /** Decides which requests chaos hits. */
  readonly random: RandomSource;
  /** How chaos delays a request; defaults to a timer. */
  readonly sleep?: Sleep;
  /** Where log lines go; defaults to stdout. */
  readonly logStream?: { write(line: string): void };
}

/**
 * Requests carry no body except `POST /chaos`, which has its own smaller limit. The proxy's
 * `maxBodyKb` default matches it, so an oversized body is refused at Nginx, never streamed here.
 */
export const BODY_LIMIT = 16 * 1024;

const timerSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the API (not yet listening): plugins first, then routes. */
export function buildApp(config: ApiConfig, deps: ApiDeps): FastifyInstance {
  const verbose = config.logLevel === "debug" || config.logLevel === "trace";
  const app = Fastify({
    logger: { level: config.logLevel, ...(deps.logStream ? { stream: deps.logStream } : {}) },
    // One line per request only when asked for: at info level the log stays about the service.
    logController: new LogController({ disableRequestLogging: !verbose }),
    bodyLimit: BODY_LIMIT,
    // While draining, requests already on an open connection are served (with Connection: close)
    // rather than refused, so a proxy sees no 503 during a rolling restart.
    return503OnClosing: false,
    // A URL that cannot be decoded fails before any hook runs; answer it in our shape all the same.
    frameworkErrors: (error, _request, reply) => {
      reply.header("x-mode", config.mode);
      sendError(reply, new ApiError(400, ApiErrorCode.BadRequest, error.message));
    },
  });
  const chaos = new ChaosController(deps.random);
  const startedAt = deps.clock.now();

  app.register(requestValidation);
  app.register(errorReplies);
  app.register(readiness);
  app.register(modeHeader, { mode: config.mode });
  if (config.metrics) {
    const recorder = registerApiMetrics({ ...config, ...deps, chaos, startedAt });
    app.register(requestMetrics, { recorder });
    app.register(metricsRoute, { registry: deps.registry });
  }
  app.register(chaosEffects, { chaos, sleep: deps.sleep ?? timerSleep });

  app.register(rootRoute, { config, clock: deps.clock });
  app.register(healthRoutes, { clock: deps.clock, startedAt });
  app.register(chaosRoute, { config, chaos });
  return app;
}
