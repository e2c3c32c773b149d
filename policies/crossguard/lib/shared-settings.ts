/**
 * Settings the Docker policies and their Kubernetes twins share: one definition each, so the
 * manifest's policy.guardrails configure both packs' halves alike.
 */
import { stringList } from "./config";

/** Configuration of container-resource-limits and k8s-resource-limits. */
export interface LimitsConfig {
  readonly maxMemoryMb: number;
  readonly maxCpus: number;
}

export const LIMITS_DEFAULTS: LimitsConfig = { maxMemoryMb: 2048, maxCpus: 2 };

export const LIMITS_CONFIG_SCHEMA = {
  properties: {
    maxMemoryMb: {
      type: "number",
      minimum: 16,
      default: LIMITS_DEFAULTS.maxMemoryMb,
      description: "Largest memory limit, MB.",
    },
    maxCpus: {
      type: "number",
      exclusiveMinimum: 0,
      default: LIMITS_DEFAULTS.maxCpus,
      description: "Largest CPU limit, CPUs.",
    },
  },
} as const;

/** Configuration of no-added-capabilities and k8s-no-added-capabilities. */
export interface CapabilitiesConfig {
  readonly allowedCapabilities: readonly string[];
}

export const CAPABILITIES_DEFAULTS: CapabilitiesConfig = { allowedCapabilities: [] };

export const CAPABILITIES_CONFIG_SCHEMA = {
  properties: {
    allowedCapabilities: stringList(
      "Capabilities a container may add, e.g. NET_BIND_SERVICE.",
      "^[A-Za-z_]+$",
    ),
  },
};

/** `CAP_NET_ADMIN` and `net_admin` both name NET_ADMIN. */
export function capabilityName(cap: string): string {
  return cap.trim().toUpperCase().replace(/^CAP_/, "");
}
