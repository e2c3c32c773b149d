import { z } from "zod";
import { decimal, flag, oneOf, port, text, wholeNumber } from "./fields";
import { imageRef } from "./image-ref";

/** Docker restart policies a service may use. */
export const RestartPolicy = {
  No: "no",
  Always: "always",
  UnlessStopped: "unless-stopped",
  OnFailure: "on-failure",
} as const;
export type RestartPolicy = (typeof RestartPolicy)[keyof typeof RestartPolicy];

/** A lowercase DNS label short enough to prefix container names ("api" → "api-canary"). */
export const SERVICE_NAME = /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/;

const ResourcesSchema = z
  .strictObject({
    memoryMb: wholeNumber(16, 65536, "MB")
      .default(256)
      .describe("Memory limit of each API container, in MB (the container is killed above it)."),
    cpus: decimal(0.05, 64, "CPUs")
      .default(0.5)
      .describe("CPU limit of each API container, in CPUs (0.5 = half a core)."),
  })
  .describe("Resource limits applied to the stable and the canary container alike.");

/** The API service: what runs behind the proxy. */
export const ServiceSchema = z
  .strictObject({
    name: text(
      SERVICE_NAME,
      "a lowercase name of letters, digits and dashes (at most 40)",
    ).describe("Service name; prefixes container and image names."),
    source: text(/^[A-Za-z0-9._][A-Za-z0-9._/-]*$/, 'a directory path like "api"')
      .default("api")
      .describe("Directory (relative to the manifest) the API image is built from."),
    image: imageRef()
      .optional()
      .describe(
        "Image to run instead of building `source`. Unset: the image is built from `source`.",
      ),
    buildIfMissing: flag()
      .default(false)
      .describe(
        "When `image` cannot be found or pulled, build it from `source` under that name (the legacy form sets this).",
      ),
    port: port().default(3000).describe("Port the API listens on inside its container."),
    restart: oneOf(Object.values(RestartPolicy) as [RestartPolicy, ...RestartPolicy[]])
      .default(RestartPolicy.UnlessStopped)
      .describe("Docker restart policy of the API containers."),
    resources: ResourcesSchema.prefault({}),
  })
  .describe("The API service that runs behind the proxy.");

/** The typed `service` section. */
export type ServiceConfig = z.output<typeof ServiceSchema>;
