import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { withApp } from "../../../kit/api/app-kit";

describe("error replies", () => {
  it("answers unknown routes with a JSON 404 naming the route", async () => {
    await withApp({}, async ({ app }) => {
      const res = await app.inject({ method: "DELETE", url: "/nope?x=1" });
      expect(res.statusCode).toBe(404);
      expect(res.headers["x-mode"]).toBe("canary");
      expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(res.json()).toEqual({
        statusCode: 404,
        code: "SD_API_NOT_FOUND",
        error: "Not Found",
        message: "no route for DELETE /nope?x=1",
      });
    });
  });

  it("hides the internals of unexpected failures from the client and logs them with the request id", async () => {
    const extend = (app: FastifyInstance) =>
      app.get("/boom", () => {
        throw new Error("db password is hunter2");
      });
    await withApp({ extend }, async ({ app, logs }) => {
      const res = await app.inject({ url: "/boom" });
      const logged = logs.find((line) => line.msg === "request failed");
      expect(JSON.stringify(logged?.err)).toContain("hunter2");
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain("hunter2");
      expect(res.json()).toEqual({
        statusCode: 500,
        code: "SD_API_INTERNAL",
        error: "Internal Server Error",
        message: `internal error; see the log for request ${String(logged?.reqId)}`,
      });
    });
  });

  it("answers fastify's own client errors in the same shape with a stable code", async () => {
    await withApp({}, async ({ app }) => {
      const res = await app.inject({
        method: "POST",
        url: "/chaos",
        headers: { "content-type": "application/json", "content-length": "5" },
        payload: "{}",
      });
      expect(res.json()).toEqual({
        statusCode: 400,
        code: "SD_API_BAD_REQUEST",
        error: "Bad Request",
        message: "Request body size did not match Content-Length",
      });
    });
  });

  it("answers an undecodable URL in the same shape, with the mode header", async () => {
    await withApp({}, async ({ app }) => {
      const res = await app.inject({ url: "/%zz" });
      expect([res.statusCode, res.headers["x-mode"]]).toEqual([400, "canary"]);
      expect(res.json()).toMatchObject({
        code: "SD_API_BAD_REQUEST",
        message: "'/%zz' is not a valid url component",
      });
    });
  });
});
