import { parseQuantity } from "../../core/kubernetes";
import { GuardrailPolicy } from "../../core/manifest/guardrails-schema";
import { resourcePolicy } from "./lib/define-policy";
import { LIMITS_CONFIG_SCHEMA, LIMITS_DEFAULTS, type LimitsConfig } from "./lib/shared-settings";
import {
  containersOf,
  describeK8s,
  podOf,
  WORKLOAD_TYPES,
  type WorkloadProps,
} from "./lib/kubernetes";
import { unpinnedBecause } from "./images";

/** Configuration of k8s-resource-limits: the same settings as container-resource-limits. */
export type K8sLimitsConfig = LimitsConfig;

const MIB = 2 ** 20;

/** One runaway pod must not starve the node or its neighbours. */
export const k8sResourceLimits = resourcePolicy<WorkloadProps, K8sLimitsConfig>({
  name: GuardrailPolicy.K8sResourceLimits,
  description:
    "Every Kubernetes container has memory and CPU limits, within the configured maximums.",
  defaults: LIMITS_DEFAULTS,
  configSchema: LIMITS_CONFIG_SCHEMA,
  types: WORKLOAD_TYPES,
  check: ({ name, type, props, config, report }) => {
    for (const container of containersOf(podOf(type, props).spec)) {
      const who = describeK8s(type, name, container);
      const limits = container.resources?.limits ?? {};
      const memory = parseQuantity(limits.memory);
      const cpu = parseQuantity(limits.cpu);
      if (memory === undefined || memory <= 0) {
        report(
          `${who} must have a memory limit: set \`resources.limits.memory\` (e.g. 256Mi), at most ${config.maxMemoryMb}Mi.`,
        );
      } else if (memory / MIB > config.maxMemoryMb) {
        report(
          `${who} must not have a memory limit above ${config.maxMemoryMb}Mi: it is ${limits.memory}.`,
        );
      }
      if (cpu === undefined || cpu <= 0) {
        report(
          `${who} must have a CPU limit: set \`resources.limits.cpu\` (e.g. 500m), at most ${config.maxCpus}.`,
        );
      } else if (cpu > config.maxCpus) {
        report(
          `${who} must not have a CPU limit above ${config.maxCpus} CPUs: it is ${limits.cpu}.`,
        );
      }
    }
  },
});

/** Configuration of k8s-images-pinned (the same setting as images-pinned). */
export interface K8sImagesConfig {
  readonly allowedLocalTags: readonly string[];
}

/** The same deploy must run the same bits on every node. */
export const k8sImagesPinned = resourcePolicy<WorkloadProps, K8sImagesConfig>({
  name: GuardrailPolicy.K8sImagesPinned,
  description:
    "Kubernetes containers run an image pinned by digest or image ID (sha256:…), or a tag in allowedLocalTags.",
  defaults: { allowedLocalTags: [] },
  configSchema: {
    properties: {
      allowedLocalTags: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Local image tags allowed without a digest.",
      },
    },
  },
  types: WORKLOAD_TYPES,
  check: ({ name, type, props, config, report }) => {
    for (const container of containersOf(podOf(type, props).spec)) {
      const image = container.image;
      if (image === undefined) continue;
      const why = unpinnedBecause(image, config.allowedLocalTags);
      if (why !== undefined) {
        report(
          `${describeK8s(type, name, container)} must use a pinned image, not "${image}" (${why}): use name@sha256:… (a registry digest), the image ID sha256:… of an image imported into the nodes, or list the tag in allowedLocalTags.`,
        );
      }
    }
  },
});
