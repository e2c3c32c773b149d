import fastifyPlugin from "fastify-plugin";

/** Whether the instance should still be sent traffic. */
export interface Readiness {
  /** True from the moment shutdown begins. */
  draining: boolean;
}

declare module "fastify" {
  interface FastifyInstance {
    readiness: Readiness;
  }
}

/** Decorates the app with its readiness, which turns to draining as soon as closing starts. */
export const readiness = fastifyPlugin(
  async (app) => {
    const state: Readiness = { draining: false };
    app.decorate("readiness", state);
    app.addHook("preClose", (done) => {
      state.draining = true;
      done();
    });
  },
  { name: "readiness" },
);
