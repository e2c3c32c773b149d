import fs from "node:fs";
import type { FastifyInstance } from "fastify";
import { buildControlApp } from "./control-app";
import type { ControlActions } from "./control-actions";

/** Serves the operator verbs on an owner-only Unix socket. */
export async function listenControl(
  socket: string,
  actions: ControlActions,
): Promise<FastifyInstance> {
  fs.rmSync(socket, { force: true });
  const app = buildControlApp(actions);
  await app.listen({ path: socket });
  fs.chmodSync(socket, 0o600);
  return app;
}
