import fastifyPlugin from "fastify-plugin";
import type { ChaosController } from "../chaos/chaos-controller";
import { ApiError, ApiErrorCode } from "../errors";
import { isTraffic } from "./route-config";

/** Waits the given milliseconds; injected so tests need not wait. */
export type Sleep = (ms: number) => Promise<void>;

/** Applies the chaos in force to each application request: a 500 or a delay, by chance. */
export const chaosEffects = fastifyPlugin<{ chaos: ChaosController; sleep: Sleep }>(
  async (app, { chaos, sleep }) => {
    // A callback hook, not an async one: without chaos the hot path allocates no promise.
    app.addHook("onRequest", (request, _reply, done) => {
      const effect = isTraffic(request) ? chaos.decide() : { kind: "pass" as const };
      if (effect.kind === "pass") return done();
      if (effect.kind === "fail") {
        return done(
          new ApiError(
            500,
            ApiErrorCode.ChaosInjected,
            'injected failure: chaos mode "error" is active',
          ),
        );
      }
      request.log.debug({ delayMs: effect.ms }, "chaos delay");
      sleep(effect.ms).then(() => done(), done);
    });
  },
  { name: "chaos-effects" },
);
