import Fastify, { type FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import type { DashboardSource } from "./dashboard-status";
import { pageHtml } from "./page-html";
import { PAGE_JS } from "./page-script";
import { PAGE_CSS } from "./page-style";

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ipParams = {
  type: "object",
  required: ["ip"],
  properties: { ip: { type: "string", minLength: 2, maxLength: 64 } },
} as const;

const pageQuery = {
  type: "object",
  properties: {
    offset: { type: "integer", minimum: 0, default: 0 },
    limit: { type: "integer", minimum: 1, maximum: 10_000, default: 500 },
  },
} as const;

/**
 * The read-only dashboard: the page (HTML, script and style embedded in the bundle), its JSON API
 * (`/api/status`, `/api/bans`, `/api/bans/:ip`) and `/metrics`. Nothing here changes state.
 */
export function buildDashboard(
  source: DashboardSource,
  registry: Registry,
  refreshSeconds: number,
): FastifyInstance {
  const app = Fastify({ logger: false });
  const html = pageHtml(refreshSeconds);
  app.addHook("onSend", async (_req, reply) => {
    reply.header("content-security-policy", CSP);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("cache-control", "no-store");
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _req, reply) => {
    const status = error.statusCode ?? 500;
    void reply
      .code(status)
      .send({ error: status >= 500 ? "internal error" : error.message, statusCode: status });
  });
  app.get("/", { schema: {} }, async (_req, reply) =>
    reply.type("text/html; charset=utf-8").send(html),
  );
  app.get("/dashboard.js", { schema: {} }, async (_req, reply) =>
    reply.type("text/javascript; charset=utf-8").send(PAGE_JS),
  );
  app.get("/dashboard.css", { schema: {} }, async (_req, reply) =>
    reply.type("text/css; charset=utf-8").send(PAGE_CSS),
  );
  app.get("/healthz", { schema: {} }, async () => ({ ok: true }));
  app.get("/api/status", { schema: {} }, async () => source.status());
  app.get<{ Querystring: { offset: number; limit: number } }>(
    "/api/bans",
    { schema: { querystring: pageQuery } },
    async (req) => source.bans(req.query.offset, req.query.limit),
  );
  app.get<{ Params: { ip: string } }>(
    "/api/bans/:ip",
    { schema: { params: ipParams } },
    async (req, reply) => {
      const row = source.ban(decodeURIComponent(req.params.ip));
      if (row === undefined)
        return reply.code(404).send({ error: `${req.params.ip} is not banned`, statusCode: 404 });
      return row;
    },
  );
  app.get("/metrics", { schema: {} }, async (_req, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
  return app;
}
