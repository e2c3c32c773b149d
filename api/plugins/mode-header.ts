import type { ApiMode } from "../config";
import { definePlugin } from "./define-plugin";

/** Sets `X-Mode: stable|canary` on every response, errors included. */
export const modeHeader = definePlugin<{ mode: ApiMode }>("mode-header", async (app, { mode }) => {
  app.addHook("onRequest", (_request, reply, done) => {
    reply.header("x-mode", mode);
    done();
  });
});
