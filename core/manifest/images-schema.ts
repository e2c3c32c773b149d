import { z } from "zod";
import { imageRef } from "./image-ref";

/** Official images by default; the dev stack overrides them with locally built ones. */
export const DEFAULT_IMAGES = {
  base: "node:22-bookworm-slim",
  nginx: "nginx:1.27-bookworm",
  opa: "openpolicyagent/opa:1.22.2",
} as const;

/** Images the stack builds on or runs. */
export const ImagesSchema = z
  .strictObject({
    base: imageRef()
      .default(DEFAULT_IMAGES.base)
      .describe("Base image the API image is built FROM (needs Node.js 22)."),
    nginx: imageRef().default(DEFAULT_IMAGES.nginx).describe("Nginx image for the proxy."),
    opa: imageRef().default(DEFAULT_IMAGES.opa).describe("Open Policy Agent server image."),
  })
  .describe("Images the stack builds on or runs.");

/** The typed `images` section. */
export type ImagesConfig = z.output<typeof ImagesSchema>;
