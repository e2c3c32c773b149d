import { z } from "zod";
import { TRACKS } from "../../core/track";

/** `GET /`: who answered, in which mode, which version, and when. */
export const WelcomeReply = z.object({
  message: z.string(),
  service: z.string(),
  mode: z.enum(TRACKS),
  version: z.string(),
  time: z.string(),
});
export type WelcomeReply = z.output<typeof WelcomeReply>;

/** `GET /healthz`: the process is alive. */
export const HealthReply = z.object({
  status: z.literal("ok"),
  uptimeSeconds: z.number(),
});
export type HealthReply = z.output<typeof HealthReply>;

/** `GET /readyz`: whether the instance takes traffic. */
export const ReadyReply = z.object({
  ready: z.boolean(),
  reason: z.string().optional(),
});
export type ReadyReply = z.output<typeof ReadyReply>;
