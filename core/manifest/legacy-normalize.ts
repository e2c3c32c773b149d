import { givenExtras } from "./legacy-extra-fields";
import type { LegacyManifest } from "./legacy-schema";
import { Track } from "../track";
import type { ManifestInput } from "./manifest-schema";
import { MANIFEST_API_VERSION } from "./manifest-schema";
import { SERVICE_NAME } from "./service-schema";

/** "registry:5000/team/swift-deploy-1-node:latest" → "swift-deploy-1-node" (a valid service name). */
export function serviceNameFromImage(image: string): string {
  const withoutDigest = image.split("@")[0] ?? "";
  const lastSegment = withoutDigest.split("/").pop() ?? "";
  const repository = lastSegment.split(":")[0] ?? "";
  const name = repository
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return SERVICE_NAME.test(name) ? name : "api";
}

/** `target` with `value` set at the dotted path, creating the mappings on the way. */
function setAtPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const segments = dotted.split(".");
  const last = segments.pop() ?? "";
  let node = target;
  for (const segment of segments) {
    const next = node[segment];
    node[segment] = next !== null && typeof next === "object" ? next : {};
    node = node[segment] as Record<string, unknown>;
  }
  node[last] = value;
}

/**
 * The legacy form as a v1 manifest. The legacy image is one the old tool built itself, so it is
 * built from the project's API sources under that name when it cannot be found or pulled. The old
 * `mode: canary` (the only instance served as canary) becomes a canary taking all the traffic.
 * Extra fields with a v1 equivalent (legacy-extras.ts) are read as it; the others are left out.
 */
export function normalizeLegacy(legacy: LegacyManifest): ManifestInput {
  const v1 = normalizeCore(legacy);
  for (const { extra, v1Value } of givenExtras(legacy)) {
    if (extra.becomes !== undefined)
      setAtPath(v1 as Record<string, unknown>, extra.becomes, v1Value);
  }
  return v1;
}

function normalizeCore(legacy: LegacyManifest): ManifestInput {
  const { services, nginx, network } = legacy;
  const restart = services.restart ?? services.restart_policy;
  const timeout = nginx.proxy_timeout;
  return {
    apiVersion: MANIFEST_API_VERSION,
    service: {
      name: serviceNameFromImage(services.image),
      image: services.image,
      buildIfMissing: true,
      port: services.port,
      ...(restart === undefined ? {} : { restart }),
    },
    release: {
      stable: { version: services.version },
      ...(services.mode === Track.Canary
        ? { canary: { version: services.version, weight: 100 } }
        : {}),
    },
    proxy: {
      publicPort: nginx.port,
      ...(timeout === undefined
        ? {}
        : { timeouts: { readSeconds: timeout, sendSeconds: timeout } }),
    },
    ...(nginx.image === undefined ? {} : { images: { nginx: nginx.image } }),
    network: {
      ...(network.name === undefined ? {} : { name: network.name }),
      ...(network.driver_type === undefined ? {} : { driver: network.driver_type }),
    },
  };
}
