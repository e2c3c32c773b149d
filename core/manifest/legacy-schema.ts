import { z } from "zod";
import { oneOf, port, text, wholeNumber } from "./fields";
import { imageRef } from "./image-ref";
import { checkLegacyExtras, legacyExtraShape } from "./legacy-extra-fields";
import { NetworkDriver } from "./network-schema";
import { version } from "./release-schema";
import { RestartPolicy } from "./service-schema";
import { Track, TRACKS } from "../track";

const restartPolicy = () =>
  oneOf(Object.values(RestartPolicy) as [RestartPolicy, ...RestartPolicy[]]);

const LegacyServicesSchema = z
  .strictObject({
    image: imageRef(),
    port: port().default(3000),
    // The original tool's modes: the single service ran as one of the two tracks.
    mode: oneOf(TRACKS).default(Track.Stable),
    version: version(),
    restart: restartPolicy().optional(),
    restart_policy: restartPolicy().optional(),
    ...legacyExtraShape("services"),
  })
  .refine((s) => s.restart === undefined || s.restart_policy === undefined, {
    error: "only one of restart and restart_policy (they are synonyms)",
    path: ["restart_policy"],
  });

const LegacyNginxSchema = z.strictObject({
  image: imageRef().optional(),
  port: port().default(8080),
  proxy_timeout: wholeNumber(1, 3600, "seconds").optional(),
  ...legacyExtraShape("nginx"),
});

const LegacyNetworkSchema = z.strictObject({
  name: text(
    /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/,
    'a network name like "swiftdeploy-net"',
  ).optional(),
  driver_type: oneOf(
    Object.values(NetworkDriver) as [NetworkDriver, ...NetworkDriver[]],
  ).optional(),
});

/**
 * The original SwiftDeploy manifest (services, nginx, network), still accepted as the minimal form,
 * with the extra fields its users added (legacy-extras.ts), each read as v1 or ignored with a warning.
 */
export const LegacyManifestSchema = z
  .strictObject({
    services: LegacyServicesSchema,
    nginx: LegacyNginxSchema.prefault({}),
    network: LegacyNetworkSchema.prefault({}),
    ...legacyExtraShape("", ["services", "nginx", "network"]),
  })
  .superRefine(checkLegacyExtras);

/** The parsed legacy manifest. */
export type LegacyManifest = z.output<typeof LegacyManifestSchema>;

/** Top-level keys that only the legacy form has. */
export const LEGACY_ONLY_KEYS = ["services", "nginx"] as const;
