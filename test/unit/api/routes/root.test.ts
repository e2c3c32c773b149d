import { describe, expect, it } from "vitest";
import { T0, withApp } from "../../../kit/api/app-kit";

describe("GET /", () => {
  it.each(["stable", "canary"] as const)(
    "welcomes with the service, its %s mode, version and time",
    async (mode) => {
      await withApp({ config: { mode } }, async ({ app, clock }) => {
        clock.advance(1500);
        const res = await app.inject({ url: "/" });
        expect(res.statusCode).toBe(200);
        expect(res.headers["x-mode"]).toBe(mode);
        expect(res.json()).toEqual({
          message: "Welcome to SwiftDeploy",
          service: "test-api",
          mode,
          version: "1.2.3",
          time: new Date(T0 + 1500).toISOString(),
        });
      });
    },
  );

  it("answers HEAD with the headers of GET and no body", async () => {
    await withApp({}, async ({ app }) => {
      const res = await app.inject({ method: "HEAD", url: "/" });
      expect([res.statusCode, res.headers["x-mode"], res.body]).toEqual([200, "canary", ""]);
    });
  });
});
