import { describe, expect, it } from "vitest";
import { withApp } from "../../../kit/api/app-kit";

describe("GET /healthz", () => {
  it("reports ok and the seconds since start by the injected clock", async () => {
    await withApp({ config: { mode: "stable" } }, async ({ app, clock }) => {
      clock.advance(12_500);
      const res = await app.inject({ url: "/healthz" });
      expect([res.statusCode, res.headers["x-mode"]]).toEqual([200, "stable"]);
      expect(res.json()).toEqual({ status: "ok", uptimeSeconds: 12.5 });
    });
  });
});

describe("GET /readyz", () => {
  it("says ready while serving", async () => {
    await withApp({}, async ({ app }) => {
      const res = await app.inject({ url: "/readyz" });
      expect([res.statusCode, res.json()]).toEqual([200, { ready: true }]);
    });
  });

  it("answers 503 not ready once draining", async () => {
    await withApp({}, async ({ app }) => {
      app.readiness.draining = true;
      const res = await app.inject({ url: "/readyz" });
      expect([res.statusCode, res.json()]).toEqual([
        503,
        { ready: false, reason: "shutting down" },
      ]);
    });
  });

  it("starts draining as soon as the app begins to close", async () => {
    const app = await withApp({}, async ({ app }) => app);
    expect(app.readiness.draining).toBe(true);
  });
});
