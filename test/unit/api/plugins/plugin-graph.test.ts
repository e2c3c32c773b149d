import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../../core";
import { healthRoutes } from "../../../../api/routes/health";
import { withApp } from "../../../kit/api/app-kit";

describe("the API's plugins (fastify-plugin)", () => {
  it("are registered under their names", async () => {
    await withApp({}, async ({ app }) => {
      const tree = app.printPlugins();
      for (const name of [
        "request-validation",
        "error-replies",
        "readiness",
        "mode-header",
        "request-metrics",
        "chaos-effects",
        "health-routes",
      ]) {
        expect(tree).toContain(name);
      }
    });
  });

  it("declare what they depend on, and fastify refuses them without it", async () => {
    const app = Fastify();
    app.register(healthRoutes, { clock: new ManualClock(0), startedAt: 0 });
    try {
      await expect(app.ready()).rejects.toMatchObject({
        code: "FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED",
        message: "The dependency 'readiness' of plugin 'health-routes' is not registered",
      });
    } finally {
      await app.close().catch(() => undefined);
    }
  });
});
