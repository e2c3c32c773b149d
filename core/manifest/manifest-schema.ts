import { isIPv6 } from "node:net";
import { z } from "zod";
import { DetectorSettingsSchema } from "../detector-settings";
import { AlertRouteSchema } from "../alerts-schema";
import { HostSchema } from "./host-schema";
import { ImagesSchema } from "./images-schema";
import { NetworkSchema } from "./network-schema";
import { ProxySchema } from "./proxy-schema";
import { ReleaseSchema } from "./release-schema";
import { ServiceSchema } from "./service-schema";
import { PolicySchema } from "./thresholds-schema";

/** The manifest format version this code reads. */
export const MANIFEST_API_VERSION = "swiftdeploy/v1";

/** manifest.yaml, the single source of truth. Strict: unknown fields are errors. */
export const ManifestSchema = z
  .strictObject({
    apiVersion: z
      .literal(MANIFEST_API_VERSION, {
        error: `"${MANIFEST_API_VERSION}" (or the legacy form with services:, nginx:, network:)`,
      })
      .describe("Manifest format version."),
    service: ServiceSchema,
    release: ReleaseSchema,
    proxy: ProxySchema.prefault({}),
    images: ImagesSchema.prefault({}),
    policy: PolicySchema.prefault({}),
    detector: DetectorSettingsSchema.prefault({}).describe(
      "DDoS detector settings (see the detector's documentation).",
    ),
    host: HostSchema.prefault({}),
    network: NetworkSchema.prefault({}),
    alerts: AlertRouteSchema.prefault({}),
  })
  .superRefine((manifest, ctx) => {
    // Published on an IPv6 address without IPv6 on the edge network, Docker's userland proxy
    // carries each client over IPv4: Nginx would log the network's gateway, never the client.
    if (isIPv6(manifest.proxy.bindAddress) && !manifest.network.ipv6.enabled)
      ctx.addIssue({
        code: "custom",
        path: ["proxy", "bindAddress"],
        message:
          "an IPv4 address while network.ipv6.enabled is false (on an IPv6 address Docker's proxy would hand Nginx every IPv6 client as the edge network's gateway, which the detector cannot ban): set network.ipv6.enabled: true",
      });
  })
  .describe("SwiftDeploy manifest: one file describing the whole stack.");

/** The typed manifest with every default applied. */
export type Manifest = z.output<typeof ManifestSchema>;
/** What a user may write (defaulted fields optional). */
export type ManifestInput = z.input<typeof ManifestSchema>;
